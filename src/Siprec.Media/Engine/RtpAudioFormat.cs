using Siprec.Media.Codecs;

namespace Siprec.Media.Engine;

/// <summary>An audio payload type negotiated in the SDP answer.</summary>
/// <param name="PayloadType">The RTP payload type number (0–127).</param>
/// <param name="EncodingName">The rtpmap encoding name, reported in stats.</param>
/// <param name="ClockRate">The RTP timestamp clock rate (8000 for G.722 even though it decodes to 16 kHz).</param>
/// <param name="CreateDecoder">Creates the stream's own decoder instance for this payload type.</param>
public sealed record RtpAudioFormat(int PayloadType, string EncodingName, int ClockRate, Func<IAudioDecoder> CreateDecoder);
