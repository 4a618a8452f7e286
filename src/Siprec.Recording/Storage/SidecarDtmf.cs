namespace Siprec.Recording.Storage;

/// <summary>One DTMF digit received as an RFC 4733 telephone-event.</summary>
/// <param name="Channel">1-based channel of the stream that carried it.</param>
/// <param name="Digit">0-9, *, #, A-D when digits are stored; otherwise <see cref="WithheldDigit"/>.</param>
/// <param name="OffsetSeconds">Offset on the session clock.</param>
/// <param name="DurationMs">Duration of the event.</param>
public sealed record SidecarDtmf(int Channel, string Digit, double OffsetSeconds, int DurationMs)
{
    /// <summary>What stands for a digit whose value is not stored.</summary>
    public const string WithheldDigit = "*";
}
