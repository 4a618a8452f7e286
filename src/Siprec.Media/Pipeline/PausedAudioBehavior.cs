namespace Siprec.Media.Pipeline;

/// <summary>How a paused interval appears in the recording.</summary>
public enum PausedAudioBehavior
{
    /// <summary>The paused interval is left out of the file on every channel; the file is shorter than the call.</summary>
    Skip,

    /// <summary>The paused interval is written as digital silence on every channel; the file keeps wall-clock length.</summary>
    Silence,
}
