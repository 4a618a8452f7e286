using System.Net;
using Siprec.Recording.Signalling;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Tests.Signalling;

public sealed class SdpAnswerBuilderTests
{
    [Fact]
    public void Answers_a_two_stream_siprec_offer_completely()
    {
        var offer = SdpOffers.Offer(
            "127.0.0.2",
            "m=audio 49170 RTP/AVP 0 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=label:1",
            "a=sendonly",
            "m=audio 49172 RTP/AVP 0 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=label:2",
            "a=sendonly");

        var answer = SdpOffers.Accept(SdpOffers.Builder(), offer);

        Assert.Equal(
            string.Join("\r\n",
                "v=0",
                "o=- 4242 1 IN IP4 127.0.0.1",
                "s=-",
                "c=IN IP4 127.0.0.1",
                "t=0 0",
                "m=audio 20000 RTP/AVP 0 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-15",
                "a=label:1",
                "a=ptime:20",
                "a=recvonly",
                "m=audio 20002 RTP/AVP 0 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-15",
                "a=label:2",
                "a=ptime:20",
                "a=recvonly",
                ""),
            answer.Text);
        Assert.Equal(1UL, answer.Version);
        Assert.Equal(["1", "2"], answer.Streams.Select(s => s.Label));
        Assert.All(answer.Streams, s => Assert.Equal(SdpStreamState.Recording, s.State));
        Assert.All(answer.Streams, s => Assert.Equal(101, s.TelephoneEventPayloadType));
        Assert.All(answer.Streams, s => Assert.Equal(SdpDirection.SendOnly, s.OfferedDirection));
        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.2"), 49170), new IPEndPoint(IPAddress.Parse("127.0.0.2"), 49172)], answer.Streams.Select(s => s.RemoteEndpoint));
    }

    public static TheoryData<string[], string> CodecChoices => new()
    {
        { ["m=audio 4000 RTP/AVP 0 8 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16"], "m=audio 20000 RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 8 0"], "m=audio 20000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 8", "a=rtpmap:8 PCMA/8000"], "m=audio 20000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 9 18"], "m=audio 20000 RTP/AVP 9\na=rtpmap:9 G722/8000\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 111 101", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:101 telephone-event/48000", "a=fmtp:101 0-15"], "m=audio 20000 RTP/AVP 111 101\na=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10;useinbandfec=1\na=rtpmap:101 telephone-event/48000\na=fmtp:101 0-15\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 111 101", "a=rtpmap:111 opus/48000/2", "a=rtpmap:101 telephone-event/8000"], "m=audio 20000 RTP/AVP 111\na=rtpmap:111 opus/48000/2\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 96", "a=rtpmap:96 L16/16000"], "m=audio 20000 RTP/AVP 96\na=rtpmap:96 L16/16000\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 97 8", "a=rtpmap:97 L16/16000/2"], "m=audio 20000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 18 100 9", "a=rtpmap:100 PCMU/8000"], "m=audio 20000 RTP/AVP 100\na=rtpmap:100 PCMU/8000\na=recvonly" },
        { ["m=audio 4000 RTP/AVP 0", "a=ptime:30", "a=label:caller-leg"], "m=audio 20000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=label:caller-leg\na=ptime:30\na=recvonly" },
    };

    [Theory]
    [MemberData(nameof(CodecChoices))]
    public void Chooses_our_most_preferred_offered_codec_keeping_the_offer_payload_types(string[] media, string expected)
    {
        var answer = SdpOffers.Accept(SdpOffers.Builder(), SdpOffers.Offer("127.0.0.2", media));

        Assert.Equal(expected, SdpOffers.Text(answer.Description.Media[0]));
    }

    [Theory]
    [InlineData("opus", "111 opus/48000/2")]
    [InlineData("G722", "9 G722/8000")]
    [InlineData("PCMA", "8 PCMA/8000")]
    public void Local_preference_order_decides_between_offered_codecs(string preferred, string expectedRtpMap)
    {
        LocalAudioCodec[] codecs = [.. SdpOffers.DefaultCodecs.Where(c => c.EncodingName == preferred), .. SdpOffers.DefaultCodecs.Where(c => c.EncodingName != preferred)];
        var offer = SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0 8 9 111", "a=rtpmap:111 opus/48000/2");

        var answer = SdpOffers.Accept(SdpOffers.Builder(codecs: codecs), offer);

        Assert.Equal(expectedRtpMap, answer.Streams[0].Codec!.ToString());
    }

    [Fact]
    public void Skips_unavailable_local_codecs()
    {
        LocalAudioCodec[] codecs = [new("opus", 48000, 2, Available: false), new("PCMU", 8000)];
        var offer = SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 111 0", "a=rtpmap:111 opus/48000/2");

        var answer = SdpOffers.Accept(SdpOffers.Builder(codecs: codecs), offer);

        Assert.Equal("0 PCMU/8000", answer.Streams[0].Codec!.ToString());
    }

    [Theory]
    [InlineData("a=sendonly", "a=recvonly", SdpStreamState.Recording)]
    [InlineData("a=sendrecv", "a=recvonly", SdpStreamState.Recording)]
    [InlineData("a=inactive", "a=inactive", SdpStreamState.PausedBySource)]
    [InlineData("a=recvonly", "a=inactive", SdpStreamState.PausedBySource)]
    public void Answer_direction_follows_the_offer(string offered, string answered, SdpStreamState state)
    {
        var answer = SdpOffers.Accept(SdpOffers.Builder(), SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0", offered));

        Assert.EndsWith(answered, SdpOffers.Text(answer.Description.Media[0]), StringComparison.Ordinal);
        Assert.Equal(state, answer.Streams[0].State);
    }

    [Fact]
    public void Whole_offer_inactive_at_session_level_is_accepted_as_inactive()
    {
        var offer = SdpOffers.Parse(
            "v=0", "o=SRC 1 2 IN IP4 127.0.0.2", "s=-", "c=IN IP4 127.0.0.2", "t=0 0", "a=inactive",
            "m=audio 4000 RTP/AVP 0", "a=label:1", "m=audio 4002 RTP/AVP 0", "a=label:2");

        var answer = SdpOffers.Accept(SdpOffers.Builder(), offer);

        Assert.Equal([SdpStreamState.PausedBySource, SdpStreamState.PausedBySource], answer.Streams.Select(s => s.State));
        Assert.Equal([SdpDirection.Inactive, SdpDirection.Inactive], answer.Description.Media.Select(m => m.Direction));
        Assert.Equal([20000, 20002], answer.Streams.Select(s => s.LocalPort));
    }

    [Theory]
    [InlineData("127.0.0.2", null, "127.0.0.2:4000", SdpStreamState.Recording)]
    [InlineData("127.0.0.2", "127.0.0.3", "127.0.0.3:4000", SdpStreamState.Recording)]
    [InlineData(null, "127.0.0.3", "127.0.0.3:4000", SdpStreamState.Recording)]
    [InlineData(null, null, "", SdpStreamState.Recording)]
    [InlineData("0.0.0.0", null, "", SdpStreamState.PausedBySource)]
    [InlineData("127.0.0.2", "0.0.0.0", "", SdpStreamState.PausedBySource)]
    public void Remote_endpoint_comes_from_media_then_session_connection(string? sessionConnection, string? mediaConnection, string expected, SdpStreamState state)
    {
        List<string> media = ["m=audio 4000 RTP/AVP 0", "a=sendonly"];
        if (mediaConnection is not null)
            media.Insert(1, "c=IN IP4 " + mediaConnection);

        var answer = SdpOffers.Accept(SdpOffers.Builder(), SdpOffers.Offer(sessionConnection, [.. media]));

        Assert.Equal(expected, answer.Streams[0].RemoteEndpoint?.ToString() ?? "");
        Assert.Equal(state, answer.Streams[0].State);
        Assert.Equal(state == SdpStreamState.Recording ? SdpDirection.RecvOnly : SdpDirection.Inactive, answer.Description.Media[0].Direction);
        Assert.Equal("IN IP4 127.0.0.1", answer.Description.Connection!.ToString());
    }

    [Fact]
    public void Single_mixed_stream_is_accepted()
    {
        var answer = SdpOffers.Accept(SdpOffers.Builder(), SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 8", "a=label:mixed", "a=sendonly"));

        var stream = Assert.Single(answer.Streams);
        Assert.Equal(("mixed", SdpStreamState.Recording, 20000), (stream.Label, stream.State, stream.LocalPort));
    }

    [Fact]
    public void Port_zero_streams_are_mirrored_with_port_zero_and_get_no_port()
    {
        var allocated = new List<int>();
        var offer = SdpOffers.Offer(
            "127.0.0.2",
            "m=audio 4000 RTP/AVP 0", "a=label:1",
            "m=audio 0 RTP/AVP 0 8", "a=label:2",
            "m=audio 4004 RTP/AVP 8", "a=label:3");

        var outcome = SdpOffers.Builder().Build(offer, i => { allocated.Add(i); return SdpOffers.Port(i); });

        Assert.True(outcome.IsAccepted);
        Assert.Equal([0, 2], allocated);
        Assert.Equal("m=audio 0 RTP/AVP 0 8", SdpOffers.Text(outcome.Answer.Description.Media[1]));
        Assert.Equal([SdpStreamState.Recording, SdpStreamState.Rejected, SdpStreamState.Recording], outcome.Answer.Streams.Select(s => s.State));
        Assert.Equal([20000, 0, 20004], outcome.Answer.Streams.Select(s => s.LocalPort));
    }

    [Fact]
    public void Stream_without_acceptable_codec_is_rejected_when_another_is_acceptable()
    {
        var offer = SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0", "m=audio 4002 RTP/AVP 18", "m=video 4004 RTP/AVP 96", "a=rtpmap:96 H264/90000");

        var answer = SdpOffers.Accept(SdpOffers.Builder(), offer);

        Assert.Equal(["m=audio 0 RTP/AVP 18", "m=video 0 RTP/AVP 96"], answer.Description.Media.Skip(1).Select(SdpOffers.Text));
        Assert.Equal("m-line 1: none of the offered codecs (G729/8000) is supported", answer.Streams[1].RejectionReason);
        Assert.Equal("m-line 2: media type 'video' is not recorded", answer.Streams[2].RejectionReason);
        Assert.Equal(SdpStreamState.Recording, answer.Streams[0].State);
    }

    public static TheoryData<SrtpPolicy, string[], string, string, string> Refusals => new()
    {
        { SrtpPolicy.Allow, ["m=audio 4000 RTP/AVP 18 3"], "305 127.0.0.1 \"Incompatible media format\"", "No Usable Audio Codec", "m-line 0: none of the offered codecs (G729/8000, GSM/8000) is supported" },
        { SrtpPolicy.Allow, ["m=video 4000 RTP/AVP 96", "a=rtpmap:96 VP8/90000"], "304 127.0.0.1 \"Media type not available\"", "Media Type Not Recorded", "m-line 0: media type 'video' is not recorded" },
        { SrtpPolicy.Off, ["m=audio 4000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32"], "302 127.0.0.1 \"Incompatible transport protocol\"", "SRTP Disabled", "m-line 0: SRTP is disabled on this recorder" },
        { SrtpPolicy.Require, ["m=audio 4000 RTP/AVP 0"], "302 127.0.0.1 \"Incompatible transport protocol\"", "SRTP Required", "m-line 0: this recorder requires SRTP (RTP/SAVP)" },
        { SrtpPolicy.Allow, ["m=audio 4000 UDP/TLS/RTP/SAVP 0", "a=fingerprint:sha-256 AA:BB"], "302 127.0.0.1 \"Incompatible transport protocol\"", "Unsupported Transport", "m-line 0: transport 'UDP/TLS/RTP/SAVP' is not supported" },
        { SrtpPolicy.Allow, ["m=audio 4000 RTP/SAVP 0", "a=crypto:1 AEAD_AES_256_GCM inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"], "306 127.0.0.1 \"Attribute not understood\"", "No Supported Crypto Suite", "m-line 0: no supported SDES crypto suite offered" },
        { SrtpPolicy.Allow, ["m=audio 4000 RTP/SAVP 0"], "306 127.0.0.1 \"Attribute not understood\"", "No Supported Crypto Suite", "m-line 0: no supported SDES crypto suite offered" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Nothing_acceptable_is_refused_with_488_a_specific_phrase_and_a_warning(SrtpPolicy policy, string[] media, string warning, string phrase, string detail)
    {
        var builder = SdpOffers.Builder(policy);

        var outcome = builder.Build(SdpOffers.Offer("127.0.0.2", media), SdpOffers.Port);

        Assert.False(outcome.IsAccepted);
        Assert.Equal((488, phrase, detail), (outcome.Rejection.StatusCode, outcome.Rejection.ReasonPhrase, outcome.Rejection.Detail));
        Assert.Equal([new KeyValuePair<string, string>("Warning", warning)], outcome.Rejection.Headers);
        Assert.Equal(0UL, builder.Version);
    }

    [Fact]
    public void Telephone_event_and_comfort_noise_are_never_chosen_as_the_codec()
    {
        LocalAudioCodec[] codecs = [new("telephone-event", 8000), new("CN", 8000)];

        var outcome = SdpOffers.Builder(codecs: codecs).Build(
            SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 101 13", "a=rtpmap:101 telephone-event/8000"), SdpOffers.Port);

        Assert.Equal("m-line 0: none of the offered codecs (telephone-event/8000, CN/8000) is supported", outcome.Rejection!.Detail);
    }

    [Fact]
    public void Srtp_offer_without_a_key_source_is_refused()
    {
        var builder = new SdpAnswerBuilder(new SdpAnswerOptions { LocalAddress = IPAddress.Loopback, Codecs = SdpOffers.DefaultCodecs }, 1);
        var offer = SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");

        var outcome = builder.Build(offer, SdpOffers.Port);

        Assert.Equal("m-line 0: no SRTP key source is configured", outcome.Rejection!.Detail);
    }

    [Fact]
    public void Offer_without_media_is_refused()
    {
        var outcome = SdpOffers.Builder().Build(SdpOffers.Offer("127.0.0.2"), SdpOffers.Port);

        Assert.Equal(488, outcome.Rejection!.StatusCode);
        Assert.Equal("the offer has no m-line to record", outcome.Rejection.Detail);
    }

    [Theory]
    [InlineData(SrtpPolicy.Allow, "RTP/SAVP", true)]
    [InlineData(SrtpPolicy.Require, "RTP/SAVP", true)]
    [InlineData(SrtpPolicy.Allow, "RTP/AVP", false)]
    [InlineData(SrtpPolicy.Off, "RTP/AVP", false)]
    public void Srtp_offers_are_answered_with_our_own_key_for_the_preferred_offered_suite(SrtpPolicy policy, string protocol, bool srtp)
    {
        const string Remote80 = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32";
        var offer = SdpOffers.Offer(
            "127.0.0.2",
            $"m=audio 4000 {protocol} 0",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj",
            "a=crypto:2 AES_CM_128_HMAC_SHA1_80 " + Remote80);

        var answer = SdpOffers.Accept(SdpOffers.Builder(policy), offer);

        var stream = answer.Streams[0];
        Assert.Equal(protocol, stream.Protocol);
        Assert.Equal(srtp ? $"2 AES_CM_128_HMAC_SHA1_80 {SdpOffers.TestKey}" : null, stream.LocalCrypto?.ToString());
        Assert.Equal(srtp ? $"2 AES_CM_128_HMAC_SHA1_80 {Remote80}" : null, stream.RemoteCrypto?.ToString());
        Assert.Equal(srtp ? [$"2 AES_CM_128_HMAC_SHA1_80 {SdpOffers.TestKey}"] : [], answer.Description.Media[0].GetAttributes("crypto"));
        Assert.StartsWith($"m=audio 20000 {protocol} 0", SdpOffers.Text(answer.Description.Media[0]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Rtcp_mux_is_echoed_only_when_offered_and_enabled(bool offered, bool enabled, bool expected)
    {
        string[] media = offered ? ["m=audio 4000 RTP/AVP 0", "a=rtcp-mux"] : ["m=audio 4000 RTP/AVP 0"];

        var answer = SdpOffers.Accept(SdpOffers.Builder(rtcpMux: enabled), SdpOffers.Offer("127.0.0.2", media));

        Assert.Equal(expected, answer.Description.Media[0].GetAttribute("rtcp-mux") is not null);
    }

    [Fact]
    public void Ipv6_local_address_is_written_as_ip6()
    {
        var answer = SdpOffers.Accept(SdpOffers.Builder(address: IPAddress.IPv6Loopback), SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0"));

        Assert.Equal("- 4242 1 IN IP6 ::1", answer.Description.Origin.ToString());
        Assert.Equal("IN IP6 ::1", answer.Description.Connection!.ToString());
    }

    [Fact]
    public void Re_offers_increment_the_version_and_cover_added_and_removed_streams()
    {
        var builder = SdpOffers.Builder();
        var first = SdpOffers.Accept(builder, SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0", "a=label:1", "m=audio 4002 RTP/AVP 0", "a=label:2"));
        var added = SdpOffers.Accept(builder, SdpOffers.Offer(
            "127.0.0.2", "m=audio 4000 RTP/AVP 0", "a=label:1", "m=audio 4002 RTP/AVP 0", "a=label:2", "m=audio 4004 RTP/AVP 8", "a=label:3"));
        var removed = SdpOffers.Accept(builder, SdpOffers.Offer(
            "127.0.0.2", "m=audio 4000 RTP/AVP 0", "a=label:1", "m=audio 0 RTP/AVP 0", "a=label:2", "m=audio 4004 RTP/AVP 8", "a=label:3", "a=inactive"));

        Assert.Equal([1UL, 2UL, 3UL], new[] { first, added, removed }.Select(a => a.Version));
        Assert.Equal(3UL, builder.Version);
        Assert.Equal([20000, 20002, 20004], added.Streams.Select(s => s.LocalPort));
        Assert.Equal(["1", "2", "3"], added.Streams.Select(s => s.Label));
        Assert.Equal([20000, 0, 20004], removed.Streams.Select(s => s.LocalPort));
        Assert.Equal([SdpStreamState.Recording, SdpStreamState.Rejected, SdpStreamState.PausedBySource], removed.Streams.Select(s => s.State));
        Assert.Equal(3, removed.Description.Media.Count);
        Assert.Equal("- 4242 3 IN IP4 127.0.0.1", removed.Description.Origin.ToString());
    }

    [Fact]
    public void Refused_re_offer_keeps_the_version()
    {
        var builder = SdpOffers.Builder();
        SdpOffers.Accept(builder, SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0"));

        var refused = builder.Build(SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 18"), SdpOffers.Port);
        var next = SdpOffers.Accept(builder, SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 8"));

        Assert.False(refused.IsAccepted);
        Assert.Equal(2UL, next.Version);
    }

    [Fact]
    public void Invalid_port_from_the_allocator_is_a_programming_error()
    {
        var offer = SdpOffers.Offer("127.0.0.2", "m=audio 4000 RTP/AVP 0");

        var error = Assert.Throws<InvalidOperationException>(() => SdpOffers.Builder().Build(offer, _ => 0));

        Assert.Equal("The port allocator returned 0 for m-line 0.", error.Message);
    }
}
