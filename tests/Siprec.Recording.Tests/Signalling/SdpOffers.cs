using System.Net;
using System.Text;
using Siprec.Recording.Signalling;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Tests.Signalling;

/// <summary>Builds offers and answer builders for the answer tests.</summary>
internal static class SdpOffers
{
    public const string TestKey = "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    public static readonly LocalAudioCodec[] DefaultCodecs =
    [
        new("PCMU", 8000), new("PCMA", 8000), new("G722", 8000), new("opus", 48000, 2), new("L16", 16000),
    ];

    public static SdpSessionDescription Parse(params string[] lines) =>
        SdpSessionDescription.Parse(string.Join("\r\n", lines) + "\r\n");

    /// <summary>A session header with an optional session-level connection, followed by media lines.</summary>
    public static SdpSessionDescription Offer(string? sessionConnection, params string[] mediaLines)
    {
        List<string> lines = ["v=0", "o=SRC 2890844526 2890844526 IN IP4 127.0.0.2", "s=SIPREC"];
        if (sessionConnection is not null)
            lines.Add("c=IN IP4 " + sessionConnection);
        lines.Add("t=0 0");
        lines.AddRange(mediaLines);
        return Parse([.. lines]);
    }

    public static SdpAnswerBuilder Builder(
        SrtpPolicy policy = SrtpPolicy.Allow,
        IReadOnlyList<LocalAudioCodec>? codecs = null,
        bool rtcpMux = true,
        IPAddress? address = null) =>
        new(
            new SdpAnswerOptions
            {
                LocalAddress = address ?? IPAddress.Loopback,
                Codecs = codecs ?? DefaultCodecs,
                SrtpPolicy = policy,
                KeyFactory = _ => TestKey,
                RtcpMux = rtcpMux,
            },
            4242);

    public static int Port(int index) => 20000 + (2 * index);

    public static string Text(SdpMediaDescription media)
    {
        var builder = new StringBuilder();
        media.WriteTo(builder);
        return builder.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
    }

    public static SdpAnswer Accept(SdpAnswerBuilder builder, SdpSessionDescription offer)
    {
        var outcome = builder.Build(offer, Port);
        Assert.True(outcome.IsAccepted, outcome.Rejection?.Detail);
        return outcome.Answer;
    }
}
