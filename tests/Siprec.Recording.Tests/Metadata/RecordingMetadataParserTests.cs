using System.Text;
using Siprec.Recording.Metadata;

namespace Siprec.Recording.Tests.Metadata;

public sealed class RecordingMetadataParserTests
{
    public static TheoryData<string, string, string, string, string, string> VendorStyles => new()
    {
        {
            VendorMetadataSamples.Rfc7865, "hVpd7YQgRW2nD22h7q60JQ==",
            "ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2",
            "srfBElmCRp2QB23b7Mpk0w==,sip:bob@biloxi.com,Bob | zSfPoSvdSDCmU3A3TRDxAw==,sip:alice@atlanta.com,Alice",
            "UAAMm5GRQKSCMVvLyl4rFw==,96 | i1Pz3to5hGk8fuXl+PbwCw==,97",
            "96:sip:alice@atlanta.com | 97:sip:bob@biloxi.com"
        },
        {
            VendorMetadataSamples.OracleAcmePacket, "BYiC7uSZQGN3VQdzWI1HWw==", "",
            "hq18GJs3TtJdhjPsfPNV8A==,sip:sipp@192.168.10.1,sipp | Kx0AxoVYSsZw1dR7vhsxRw==,sip:service@192.168.101.13,sut",
            "aD50KX+LTvxNzASg+/GQTg==,1 | JtBbqTyGSydyQY8cFJOzyQ==,2",
            "1:sip:sipp@192.168.10.1 | 2:sip:service@192.168.101.13"
        },
        {
            VendorMetadataSamples.AcmePacketOlderAor, "urn:uuid:79b2fcd8-5c7f-455c-783f-db334e5d57d0", "",
            "urn:uuid:10ac9063-76b7-40bb-4587-08ba290d7327,sip:sipp@168.192.24.40,sipp | urn:uuid:797c45f5-e765-4b12-52b0-d9be31138529,sip:service@168.192.24.60,sut",
            "urn:uuid:07868c77-ef8e-4d6f-6dd5-a02ff53a1329,1",
            "1:sip:sipp@168.192.24.40"
        },
        {
            VendorMetadataSamples.CiscoCube, "3Yf5Ar1XEei/u4tmWpDkXw==",
            "fbd1e7d7f6d75d39b2f83d7a2b0e4e66;remote=00000000000000000000000000000000",
            "3Yf5Ar1XEei/u4tmWpDkXw==+1,sip:1001@10.10.10.5,- | 3Yf5Ar1XEei/u4tmWpDkXw==+2,sip:2002@10.10.10.6,-",
            "3Yf5Ar1XEei/u4tmWpDkXw==-1,1 | 3Yf5Ar1XEei/u4tmWpDkXw==-2,2",
            "1:sip:1001@10.10.10.5 | 2:sip:2002@10.10.10.6"
        },
        {
            VendorMetadataSamples.AudioCodesPrefixed, "u1Jg3P2FQpm0pAplz1Ykvg==", "a5f7ac2d-1b2f-4a6e-9c2e-7d1d3f0c0d11",
            "KzOO/8XKR4qNo8nDVHrTtQ==,tel:+15551230001,Agent 7 | MzjT6X9xTbeUZp1JcU9m+w==,tel:+15559870002,-",
            "8Q/4i2n3QO6mTH1mSxnhbg==,1 | eG8+dSPuSdyCkmeI6aXnmw==,2",
            "1:tel:+15551230001 | 2:tel:+15559870002"
        },
        {
            VendorMetadataSamples.AvayaSbce, "U2Vzc2lvbi0x",
            "0c5b7a1e00105000a000001122334455;remote=99887766554433221100aabbccddeeff & 0c5b7a1e00105000a000001122334466",
            "UGFydC1B,sip:4001@corp.example.com,Front Desk | UGFydC1C,sip:+442071234567@carrier.example.net,-",
            "U3RyZWFtLUE=,10 | U3RyZWFtLUI=,11",
            "10:sip:4001@corp.example.com | 11:sip:+442071234567@carrier.example.net"
        },
        {
            VendorMetadataSamples.RibbonSonus, "0000004a-0001-0000-0000-0000c0a80a01",
            "b7b5c8d3f1a24a3c9a1e2d4f6a8b0c1e;remote=00000000000000000000000000000000",
            "GCID-74-A,sip:2125550100@ribbon.example.com,Caller Two | GCID-74-B,sip:2125550199@ribbon.example.com,-",
            "GCID-74-leg-caller,caller-audio | GCID-74-leg-callee,callee-audio",
            "caller-audio:sip:2125550100@ribbon.example.com | callee-audio:sip:2125550199@ribbon.example.com"
        },
        {
            VendorMetadataSamples.BroadWorks, "YnJvYWR3b3Jrcy0xMjM=", "5f2a9c7e3b1d4e8f9a0b1c2d3e4f5a6b",
            "YWxpY2U=,sip:alice@as.example.com,Alice Smith | Ym9i,tel:+13125550123,-",
            "c3RyZWFtMQ==,1 | c3RyZWFtMg==,2",
            "1:sip:alice@as.example.com | 2:tel:+13125550123"
        },
        {
            VendorMetadataSamples.OpenSipsModule, "N2E0YjAyZDgtNjQyZS00Y2Rj", "7a4b02d8642e4cdc;remote=0",
            "Y2FsbGVy,sip:caller@198.51.100.7,\"Caller & Co\" | Y2FsbGVl,sip:callee@198.51.100.8,-",
            "c3RyLTA=,0 | c3RyLTE=,1",
            "0:sip:caller@198.51.100.7 | 1:sip:callee@198.51.100.8"
        },
        {
            VendorMetadataSamples.FreeSwitchModule, "ZnMtc2Vzc2lvbg==", "e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6",
            "ZnMtYQ==,sip:1000@fs.example.org,Ext 1000 | ZnMtYg==,sip:1001@fs.example.org,-",
            "ZnMtc3RyZWFtLWE=,leg-a | ZnMtc3RyZWFtLWI=,leg-b",
            "leg-a:sip:1000@fs.example.org | leg-b:sip:1001@fs.example.org"
        },
        {
            VendorMetadataSamples.SiprecDraft, "ZHJhZnQtc2Vzc2lvbg==", "draft-session-1",
            "ZHJhZnQtcDE=,sip:p1@draft.example,- | ZHJhZnQtcDI=,sip:p2@draft.example,-",
            "ZHJhZnQtczE=,a1 | ZHJhZnQtczI=,a2",
            "a1:sip:p1@draft.example | a2:sip:p2@draft.example"
        },
    };

    [Theory]
    [MemberData(nameof(VendorStyles))]
    public void Parses_each_vendor_style(string xml, string sessionId, string sipSessionIds, string participants, string streams, string senders)
    {
        var metadata = RecordingMetadataParser.Parse(xml);
        var snapshot = RecordingMetadataSnapshot.From(metadata);

        Assert.Equal(MetadataDataMode.Complete, metadata.DataMode);
        var session = Assert.Single(metadata.Sessions);
        Assert.Equal(sessionId, session.Id);
        Assert.Equal(sipSessionIds, string.Join(" & ", session.SipSessionIds));
        Assert.Equal(participants, string.Join(" | ", metadata.Participants.Select(p => $"{p.Id},{p.Aor},{p.Name ?? "-"}")));
        Assert.Equal(streams, string.Join(" | ", metadata.Streams.Select(s => $"{s.Id},{s.Label}")));
        Assert.Equal(senders, string.Join(" | ", metadata.Streams.Select(s => $"{s.Label}:{string.Join("+", snapshot.SendersOf(s.Id).Select(p => p.Aor))}")));
        Assert.All(metadata.Streams, s => Assert.Equal(sessionId, s.SessionId));
    }

    [Fact]
    public void Reads_groups_times_and_name_language()
    {
        var metadata = RecordingMetadataParser.Parse(VendorMetadataSamples.Rfc7865);

        var group = Assert.Single(metadata.Groups);
        Assert.Equal("7+OTCyoxTmqmqyA/1weDAg==", group.Id);
        Assert.Equal(new DateTimeOffset(2010, 12, 16, 23, 41, 7, TimeSpan.Zero), group.AssociateTime);
        Assert.Equal("7+OTCyoxTmqmqyA/1weDAg==", metadata.Sessions[0].GroupId);
        Assert.Equal(new DateTimeOffset(2010, 12, 16, 23, 41, 7, TimeSpan.Zero), metadata.Sessions[0].StartTime);
        Assert.Null(metadata.Sessions[0].StopTime);
        Assert.Equal(["it", "en"], metadata.Participants.Select(p => p.NameLanguage));
        Assert.Equal(2, metadata.StreamAssociations.Count);
        Assert.Equal(["i1Pz3to5hGk8fuXl+PbwCw=="], metadata.StreamAssociations[0].Send);
        Assert.Equal(["UAAMm5GRQKSCMVvLyl4rFw=="], metadata.StreamAssociations[0].Recv);
    }

    [Theory]
    [InlineData(nameof(VendorMetadataSamples.AvayaSbce), "2023-03-01T08:15:00.1230000+00:00")]
    [InlineData(nameof(VendorMetadataSamples.CiscoCube), "2016-04-19T12:48:36.9600000+00:00")]
    [InlineData(nameof(VendorMetadataSamples.SiprecDraft), "2011-03-01T10:00:00.0000000+00:00")]
    [InlineData(nameof(VendorMetadataSamples.AcmePacketOlderAor), "2011-06-27T17:03:57.0000000+00:00")]
    [InlineData(nameof(VendorMetadataSamples.OracleAcmePacket), "2012-06-26T13:44:13.0000000+00:00")]
    public void Reads_start_times_in_vendor_formats_as_utc(string sample, string expectedUtc)
    {
        var xml = (string)typeof(VendorMetadataSamples).GetField(sample)!.GetValue(null)!;

        var start = RecordingMetadataParser.Parse(xml).Sessions[0].StartTime;

        Assert.NotNull(start);
        Assert.Equal(expectedUtc, start.Value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parses_utf8_bytes_with_byte_order_mark_and_leading_whitespace()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("\r\n" + VendorMetadataSamples.BroadWorks)).ToArray();

        var metadata = RecordingMetadataParser.Parse(bytes);

        Assert.Equal("YnJvYWR3b3Jrcy0xMjM=", metadata.Sessions[0].Id);
    }

    [Fact]
    public void Reads_partial_datamode_case_insensitively()
    {
        var metadata = RecordingMetadataParser.Parse("<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode> Partial </datamode></recording>");

        Assert.Equal(MetadataDataMode.Partial, metadata.DataMode);
        Assert.Empty(metadata.Sessions);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "Recording metadata body is empty." },
        { "  \r\n", "Recording metadata body is empty." },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode>", "Recording metadata is not well-formed XML:" },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><session session_id='a'></recording>", "Recording metadata is not well-formed XML:" },
        { "not xml at all", "Recording metadata is not well-formed XML:" },
        { "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><recording>&x;</recording>", "DTD" },
        { "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><recording>&b;</recording>", "DTD" },
        { "<html><body/></html>", "Unexpected root element 'html'; expected 'recording'." },
        { "<recording xmlns='urn:example:other'/>", "Unknown recording metadata namespace 'urn:example:other'." },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>sometimes</datamode></recording>", "Unknown datamode 'sometimes'; expected 'complete' or 'partial'." },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><participant><nameID aor='sip:a@b'/></participant></recording>", "Element 'participant' has no participant id." },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><stream session_id='x'><label>1</label></stream></recording>", "Element 'stream' has no stream id." },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><session/></recording>", "Element 'session' has no session id." },
        { "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><participantstreamassoc><send>x</send></participantstreamassoc></recording>", "Element 'participantstreamassoc' has no participant id." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_documents_with_a_specific_reason(string xml, string expectedMessage)
    {
        var error = Assert.Throws<MetadataParseException>(() => RecordingMetadataParser.Parse(xml, strict: true));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    private const string Ns = "urn:ietf:params:xml:ns:recording:1";

    public static TheoryData<string, MetadataLeniency, string, string> Bent => new()
    {
        {
            $"<recording xmlns='{Ns}'><session session_id='s'/><stream stream_id='' session_id='s'><label>10</label></stream></recording>",
            MetadataLeniency.StreamWithoutId, "label:10,10", "Element 'stream' has no stream id."
        },
        {
            $"<recording xmlns='{Ns}'><session session_id='s'/><stream session_id='s'><label>11</label></stream><stream session_id='s'/></recording>",
            MetadataLeniency.StreamWithoutId, "label:11,11", "Element 'stream' has no stream id."
        },
        {
            $"<recording xmlns='{Ns}'><session session_id='s'/><participant participant_id=''><nameID aor='sip:a@example.com'/></participant></recording>",
            MetadataLeniency.ParticipantWithoutId, "participant:sip:a@example.com,sip:a@example.com", "Element 'participant' has no participant id."
        },
        {
            $"<recording xmlns='{Ns}'><session session_id='s'/><participant><name>Nobody yet</name></participant></recording>",
            MetadataLeniency.ParticipantWithoutId, "participant:1,", "Element 'participant' has no participant id."
        },
        {
            $"<recording xmlns='{Ns}'><session session_id='s'/><participant participant_id='p'><nameID aor='sip:unknown@invalid'/></participant></recording>",
            MetadataLeniency.PlaceholderParticipant, "p,sip:unknown@invalid", "Participant 'p' is a placeholder (sip:unknown@invalid), not a party of the call."
        },
        {
            $"<recording xmlns='{Ns}'><session session_id='s'/><participantstreamassoc participant_id=''><send>x</send></participantstreamassoc></recording>",
            MetadataLeniency.None, "", "Element 'participantstreamassoc' has no participant id."
        },
    };

    [Theory]
    [MemberData(nameof(Bent))]
    public void Lenient_parsing_reads_what_strict_parsing_refuses(string xml, MetadataLeniency leniency, string read, string strictError)
    {
        var metadata = RecordingMetadataParser.Parse(xml);

        Assert.Equal(leniency, metadata.Leniencies);
        Assert.Equal(read, string.Join(" | ", metadata.Streams.Select(s => $"{s.Id},{s.Label}").Concat(metadata.Participants.Select(p => $"{p.Id},{p.Aor}"))));
        Assert.Empty(metadata.StreamAssociations);
        var error = Assert.Throws<MetadataParseException>(() => RecordingMetadataParser.Parse(xml, strict: true));
        Assert.Equal(strictError, error.Message);
    }

    [Fact]
    public void Anonymous_caller_is_a_participant_not_a_placeholder()
    {
        var xml = $"<recording xmlns='{Ns}'><participant participant_id='p'><nameID aor='sip:anonymous@anonymous.invalid'/></participant></recording>";

        var metadata = RecordingMetadataParser.Parse(xml, strict: true);

        Assert.False(Assert.Single(metadata.Participants).IsPlaceholder);
        Assert.Equal(MetadataLeniency.None, metadata.Leniencies);
    }

    [Fact]
    public void Rejects_documents_over_the_size_limit()
    {
        var xml = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'>" + new string(' ', RecordingMetadataParser.MaxDocumentCharacters) + "</recording>";

        var error = Assert.Throws<MetadataParseException>(() => RecordingMetadataParser.Parse(xml));

        Assert.Equal($"Recording metadata is larger than {RecordingMetadataParser.MaxDocumentCharacters} characters.", error.Message);
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(100_000, false)]
    public void Limits_element_nesting(int depth, bool accepted)
    {
        var xml = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode><ext>"
            + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</ext></recording>";

        if (accepted)
        {
            Assert.Equal(MetadataDataMode.Complete, RecordingMetadataParser.Parse(xml).DataMode);
            return;
        }

        var error = Assert.Throws<MetadataParseException>(() => RecordingMetadataParser.Parse(xml));
        Assert.Equal($"Recording metadata is nested deeper than {RecordingMetadataParser.MaxDepth} levels.", error.Message);
    }

    [Fact]
    public void Rejects_invalid_utf8()
    {
        byte[] bytes = [(byte)'<', 0xC3, 0x28, (byte)'>'];

        var error = Assert.Throws<MetadataParseException>(() => RecordingMetadataParser.Parse(bytes));

        Assert.Equal("Recording metadata is not valid UTF-8.", error.Message);
    }
}
