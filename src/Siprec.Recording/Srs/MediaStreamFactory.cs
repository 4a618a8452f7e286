using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Media.Srtp;
using Siprec.Recording.Signalling;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Srs;

/// <summary>Turns an answered m-line into what the media engine needs to receive it: decoders, DTMF and SRTP keys.</summary>
internal sealed class MediaStreamFactory(AudioCodecRegistry codecs)
{
    public MediaStreamDescription Create(AnsweredStream stream, RtpPortLease lease)
    {
        var codec = stream.Codec ?? throw new ArgumentException("A recorded stream needs a codec.", nameof(stream));
        var format = new AudioFormat(codec.EncodingName, codec.ClockRate, codec.Channels ?? 1);
        var audio = new RtpAudioFormat(codec.PayloadType, codec.EncodingName, codec.ClockRate, () => codecs.CreateDecoder(format));
        var dtmf = stream.TelephoneEventPayloadType is { } pt ? new TelephoneEventFormat(pt) : null;
        return new MediaStreamDescription(stream.Label ?? (stream.Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            lease, [audio], dtmf, stream.RemoteCrypto is { } crypto ? CreateSrtp(crypto) : null);
    }

    /// <summary>Whether two answers of the same m-line need a new receiver (codec, payload type, DTMF or keys changed).</summary>
    public static bool NeedsNewReceiver(AnsweredStream before, AnsweredStream after) =>
        before.Codec != after.Codec
        || before.TelephoneEventPayloadType != after.TelephoneEventPayloadType
        || before.RemoteCrypto != after.RemoteCrypto;

    private static SrtpContext CreateSrtp(SdpCrypto crypto) =>
        SdesCryptoAttribute.TryParse(crypto.ToString(), out var attribute, out var error)
            ? attribute.CreateContext()
            : throw new ArgumentException("unusable a=crypto: " + error);
}
