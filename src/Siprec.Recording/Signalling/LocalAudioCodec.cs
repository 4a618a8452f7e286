namespace Siprec.Recording.Signalling;

/// <summary>An audio encoding the recorder can decode, matched against offered <c>a=rtpmap</c> lines by name, clock rate and channels.</summary>
/// <param name="EncodingName">The rtpmap encoding name, e.g. <c>PCMU</c>, <c>G722</c>, <c>opus</c>, <c>L16</c> (compared ignoring case).</param>
/// <param name="ClockRate">The RTP clock rate.</param>
/// <param name="Channels">The channel count (1 unless the rtpmap says otherwise; opus is written with 2).</param>
/// <param name="Available">False when the codec is known but cannot be used here (for example a missing native library).</param>
public sealed record LocalAudioCodec(string EncodingName, int ClockRate, int Channels = 1, bool Available = true);
