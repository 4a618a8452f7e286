using System.Collections.Concurrent;
using Siprec.Recording.Control;

namespace Siprec.Recording.Tests.Support;

public sealed class RecordingSink : IPauseEventSink
{
    public ConcurrentQueue<PauseEvent> Events { get; } = new();

    public void Publish(PauseEvent pauseEvent) => Events.Enqueue(pauseEvent);
}
