namespace Siprec.Recording.Policies;

/// <summary>How the DTMF pause policy works.</summary>
/// <param name="PauseTranscription">The policy pause holds transcription too, not only recording.</param>
/// <param name="ResumeAfter">How long after the last digit the policy pause ends.</param>
public sealed record DtmfPauseSettings(bool PauseTranscription, TimeSpan ResumeAfter)
{
    /// <summary>The reason the policy pause is reported under, and its metric label.</summary>
    public const string Reason = "dtmf";
}
