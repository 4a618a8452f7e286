using Siprec.Recording.Metadata;

namespace Siprec.Recording.Tests.Metadata;

public sealed class RecordingMetadataSnapshotTests
{
    private const string Header = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode>";

    private static RecordingMetadataSnapshot Initial() =>
        RecordingMetadataSnapshot.From(RecordingMetadataParser.Parse(VendorMetadataSamples.Rfc7865));

    private static RecordingMetadataSnapshot Apply(RecordingMetadataSnapshot snapshot, string body) =>
        snapshot.Merge(RecordingMetadataParser.Parse(Header + body + "</recording>"));

    [Fact]
    public void Partial_update_adds_a_participant_a_stream_and_its_association()
    {
        var merged = Apply(Initial(), """
            <participant participant_id="Y2Fyb2w="><nameID aor="sip:carol@chicago.com"><name>Carol</name></nameID></participant>
            <stream stream_id="c3RyZWFtLTM=" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>98</label></stream>
            <participantstreamassoc participant_id="Y2Fyb2w="><send>c3RyZWFtLTM=</send></participantstreamassoc>
            """);

        Assert.Equal(["sip:bob@biloxi.com", "sip:alice@atlanta.com", "sip:carol@chicago.com"], merged.Current.Participants.Select(p => p.Aor));
        Assert.Equal(["96", "97", "98"], merged.Current.Streams.Select(s => s.Label));
        Assert.Equal(["Carol"], merged.SendersOf(merged.FindStreamByLabel("98")!.Id).Select(p => p.Name));
        Assert.Equal(["Alice"], merged.SendersOf(merged.FindStreamByLabel("96")!.Id).Select(p => p.Name));
        Assert.Equal(MetadataDataMode.Complete, merged.Current.DataMode);
    }

    [Fact]
    public void Partial_update_modifies_known_elements_and_keeps_what_it_does_not_carry()
    {
        var merged = Apply(Initial(), """
            <session session_id="hVpd7YQgRW2nD22h7q60JQ=="><stop-time>2010-12-16T23:45:00Z</stop-time></session>
            <participant participant_id="srfBElmCRp2QB23b7Mpk0w=="><nameID aor="sip:bob@biloxi.com"><name xml:lang="en">Robert</name></nameID></participant>
            <stream stream_id="UAAMm5GRQKSCMVvLyl4rFw=="><label>196</label></stream>
            """);

        var session = Assert.Single(merged.Current.Sessions);
        Assert.Equal(new DateTimeOffset(2010, 12, 16, 23, 41, 7, TimeSpan.Zero), session.StartTime);
        Assert.Equal(new DateTimeOffset(2010, 12, 16, 23, 45, 0, TimeSpan.Zero), session.StopTime);
        Assert.Equal("7+OTCyoxTmqmqyA/1weDAg==", session.GroupId);
        var bob = merged.FindParticipant("srfBElmCRp2QB23b7Mpk0w==")!;
        Assert.Equal(("Robert", "en"), (bob.Name, bob.NameLanguage));
        var stream = merged.FindStreamByLabel("196")!;
        Assert.Equal(("UAAMm5GRQKSCMVvLyl4rFw==", "hVpd7YQgRW2nD22h7q60JQ=="), (stream.Id, stream.SessionId));
        Assert.Null(merged.FindStreamByLabel("96"));
    }

    [Fact]
    public void Disassociation_stops_a_participant_sending_and_reassociation_restores_it()
    {
        var initial = Initial();
        var disassociated = Apply(initial, """
            <participantstreamassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw=="><disassociate-time>2010-12-16T23:42:00Z</disassociate-time></participantstreamassoc>
            """);
        var reassociated = Apply(disassociated, """
            <participantstreamassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw=="><send>UAAMm5GRQKSCMVvLyl4rFw==</send></participantstreamassoc>
            """);

        Assert.Empty(disassociated.SendersOf("UAAMm5GRQKSCMVvLyl4rFw=="));
        Assert.Equal(new DateTimeOffset(2010, 12, 16, 23, 42, 0, TimeSpan.Zero), disassociated.Current.StreamAssociations[1].DisassociateTime);
        Assert.Equal(["UAAMm5GRQKSCMVvLyl4rFw=="], disassociated.Current.StreamAssociations[1].Send);
        Assert.Equal(["Alice"], reassociated.SendersOf("UAAMm5GRQKSCMVvLyl4rFw==").Select(p => p.Name));
        Assert.Null(reassociated.Current.StreamAssociations[1].DisassociateTime);
        Assert.Empty(reassociated.Current.StreamAssociations[1].Recv);
        Assert.Equal(["Alice"], initial.SendersOf("UAAMm5GRQKSCMVvLyl4rFw==").Select(p => p.Name));
    }

    [Fact]
    public void Complete_document_replaces_the_state()
    {
        var replaced = Initial().Merge(RecordingMetadataParser.Parse(VendorMetadataSamples.BroadWorks));

        Assert.Equal(["YnJvYWR3b3Jrcy0xMjM="], replaced.Current.Sessions.Select(s => s.Id));
        Assert.Equal(["YWxpY2U=", "Ym9i"], replaced.Current.Participants.Select(p => p.Id));
        Assert.Empty(replaced.Current.Groups);
    }

    [Fact]
    public void Partial_session_update_appends_new_sip_session_ids_once()
    {
        var merged = Apply(Initial(), """
            <session session_id="hVpd7YQgRW2nD22h7q60JQ=="><sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID><sipSessionID>ffff0000ffff0000ffff0000ffff0000</sipSessionID></session>
            """);

        Assert.Equal(["ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2", "ffff0000ffff0000ffff0000ffff0000"], merged.Current.Sessions[0].SipSessionIds);
    }

    [Fact]
    public void Partial_document_into_an_empty_snapshot_becomes_the_state()
    {
        var snapshot = Apply(RecordingMetadataSnapshot.Empty, """<stream stream_id="eA=="><label>7</label></stream>""");

        Assert.Equal("eA==", snapshot.FindStreamByLabel("7")!.Id);
        Assert.Empty(RecordingMetadataSnapshot.Empty.Current.Streams);
    }

    [Fact]
    public void Stream_known_by_its_label_alone_takes_the_id_a_later_partial_update_gives_that_label()
    {
        var placeholder = RecordingMetadataSnapshot.From(RecordingMetadataParser.Parse(
            "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><session session_id='s'/>"
            + "<participant participant_id='x'><nameID aor='sip:unknown@invalid'/></participant>"
            + "<stream stream_id='' session_id='s'><label>10</label></stream><stream stream_id='' session_id='s'><label>11</label></stream></recording>"));

        var merged = Apply(placeholder, """
            <participant participant_id="a"><nameID aor="sip:agent@example.com"/></participant>
            <stream stream_id="real-10"><label>10</label></stream>
            <participantstreamassoc participant_id="a"><send>real-10</send></participantstreamassoc>
            """);

        Assert.Equal(["real-10,10,s", "label:11,11,s"], merged.Current.Streams.Select(s => $"{s.Id},{s.Label},{s.SessionId}"));
        Assert.Equal(["sip:agent@example.com"], merged.SendersOf("real-10").Select(p => p.Aor));
    }

    [Theory]
    [InlineData("96,97", false)]
    [InlineData("97,96", false)]
    [InlineData("96", true)]
    [InlineData("96,97,98", true)]
    public void Disagrees_with_labels_when_metadata_and_sdp_name_different_streams(string labels, bool disagree)
    {
        Assert.Equal(disagree, Initial().DisagreesWithLabels(labels.Split(',')));
    }

    [Fact]
    public void Metadata_without_streams_agrees_with_any_sdp()
    {
        Assert.False(RecordingMetadataSnapshot.Empty.DisagreesWithLabels(["1", "2"]));
    }
}
