namespace Siprec.Recording.Control;

/// <summary>Consumes pause events. Called inline by the service: return at once, never block or throw.</summary>
public interface IPauseEventSink
{
    /// <summary>Takes one event.</summary>
    void Publish(PauseEvent pauseEvent);
}
