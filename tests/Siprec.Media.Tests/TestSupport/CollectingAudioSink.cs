using System.Collections.Concurrent;
using Siprec.Media.Pipeline;

namespace Siprec.Media.Tests.TestSupport;

public sealed class CollectingAudioSink : IStreamAudioSink
{
    public ConcurrentQueue<(int Stream, short[] Samples, long Position)> Chunks { get; } = new();

    public void OnAudio(int streamIndex, ReadOnlySpan<short> pcm, int sampleRate, long sessionSamplePosition) =>
        Chunks.Enqueue((streamIndex, pcm.ToArray(), sessionSamplePosition));
}
