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
    private const int MasterKeyLength = 16;
    private const int MasterSaltLength = 14;

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

    private static SrtpContext CreateSrtp(SdpCrypto crypto)
    {
        if (!SrtpCryptoSuite.TryFromName(crypto.Suite, out var suite))
            throw new ArgumentException($"unsupported SRTP suite {crypto.Suite}");
        var keyAndSalt = Convert.FromBase64String(crypto.InlineKey ?? throw new ArgumentException("a=crypto without an inline key"));
        if (keyAndSalt.Length != MasterKeyLength + MasterSaltLength)
            throw new ArgumentException($"a=crypto key is {keyAndSalt.Length} bytes, expected {MasterKeyLength + MasterSaltLength}");
        return new SrtpContext(suite, keyAndSalt.AsSpan(0, MasterKeyLength), keyAndSalt.AsSpan(MasterKeyLength));
    }
}
