namespace Siprec.Media.Codecs;

/// <summary>What the registry can do with one payload format.</summary>
/// <param name="Format">The format asked about.</param>
/// <param name="Kind">The codec it was recognized as.</param>
/// <param name="IsAvailable">A decoder (or, for telephone-event, a payload reader) can be used for it.</param>
/// <param name="CarriesAudio">Its payloads decode to PCM (false for telephone-event).</param>
/// <param name="DecodedSampleRate">Sample rate of the decoded PCM; 0 when nothing decodes.</param>
/// <param name="UnavailableReason">Why it cannot be used; null when available.</param>
public sealed record AudioCodecSupport(
    AudioFormat Format,
    AudioCodecKind Kind,
    bool IsAvailable,
    bool CarriesAudio,
    int DecodedSampleRate,
    string? UnavailableReason);
