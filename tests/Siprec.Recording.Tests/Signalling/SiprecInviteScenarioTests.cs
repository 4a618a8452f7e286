using Siprec.Recording.Metadata;
using Siprec.Recording.Signalling;
using Siprec.Recording.Tests.Metadata;

namespace Siprec.Recording.Tests.Signalling;

/// <summary>Whole recording INVITEs in vendor styles: body interpretation, answer, and label-to-participant mapping together.</summary>
public sealed class SiprecInviteScenarioTests
{
    private static string SdpWithLabels(string codecLines, params string[] labels) =>
        "v=0\r\no=SBC 1001 1 IN IP4 127.0.0.2\r\ns=SIP Call\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
        + string.Concat(labels.Select((label, i) => $"m=audio {30000 + (2 * i)} RTP/AVP {codecLines}a=label:{label}\r\na=sendonly\r\n"));

    public static TheoryData<string, string, string, string> Invites => new()
    {
        {
            "Oracle/Acme Packet",
            SdpWithLabels("0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n", "1", "2"),
            VendorMetadataSamples.OracleAcmePacket,
            "1=sip:sipp@192.168.10.1 | 2=sip:service@192.168.101.13"
        },
        {
            "Cisco CUBE",
            SdpWithLabels("0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n", "1", "2"),
            VendorMetadataSamples.CiscoCube,
            "1=sip:1001@10.10.10.5 | 2=sip:2002@10.10.10.6"
        },
        {
            "Ribbon",
            SdpWithLabels("9 0\r\n", "caller-audio", "callee-audio"),
            VendorMetadataSamples.RibbonSonus,
            "caller-audio=sip:2125550100@ribbon.example.com | callee-audio=sip:2125550199@ribbon.example.com"
        },
        {
            "AudioCodes",
            SdpWithLabels("8\r\na=rtpmap:8 PCMA/8000\r\n", "1", "2"),
            VendorMetadataSamples.AudioCodesPrefixed,
            "1=tel:+15551230001 | 2=tel:+15559870002"
        },
    };

    [Theory]
    [MemberData(nameof(Invites))]
    public void Invite_is_answered_and_each_answered_stream_maps_to_its_sender(string vendor, string sdp, string metadata, string expected)
    {
        const string Boundary = "unique-boundary-1";
        var body = $"--{Boundary}\r\nContent-Type: application/sdp\r\nContent-Disposition: session;handling=required\r\n\r\n{sdp}\r\n"
            + $"--{Boundary}\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n{metadata}\r\n--{Boundary}--\r\n";
        var request = SiprecRequests.Request($"multipart/mixed;boundary={Boundary}", body, "Contact: <sip:src@127.0.0.2:5060>;+sip.src\r\nRequire: siprec\r\nSupported: timer\r\n");

        var offer = new RecordingOfferParser(new RecordingSignallingOptions { Strict = true }).Parse(request);
        Assert.True(offer.IsAccepted, $"{vendor}: {offer.Rejection?.Detail}");
        var answer = SdpOffers.Accept(SdpOffers.Builder(), offer.Offer.Sdp!);
        var snapshot = RecordingMetadataSnapshot.From(offer.Offer.Metadata!);

        var mapping = answer.Streams.Select(s =>
            $"{s.Label}={string.Join("+", snapshot.SendersOf(snapshot.FindStreamByLabel(s.Label!)!.Id).Select(p => p.Aor))}");
        Assert.Equal(expected, string.Join(" | ", mapping));
        Assert.All(answer.Streams, s => Assert.Equal(SdpStreamState.Recording, s.State));
        Assert.Equal(answer.Streams.Count, answer.Streams.Select(s => s.LocalPort).Distinct().Count());
    }
}
