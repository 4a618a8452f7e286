namespace Siprec.Recording.Control;

/// <summary>Consumes pause events. Called inline by the service: return at once, never block or throw.</summary>
public interface IPauseEventSink
{
    /// <summary>Takes one event.</summary>
    void Publish(PauseEvent pauseEvent);

    /// <summary>
    /// Takes the events of one bulk operation (pause-all, resume-all), one per session, in order. By default each goes
    /// to <see cref="Publish"/>; a sink with per-call I/O or setup takes them as one batch instead.
    /// </summary>
    void PublishAll(IReadOnlyList<PauseEvent> pauseEvents)
    {
        ArgumentNullException.ThrowIfNull(pauseEvents);
        foreach (var pauseEvent in pauseEvents)
        {
            Publish(pauseEvent);
        }
    }
}
