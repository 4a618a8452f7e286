namespace Siprec.Sip.Tests.Sdp;

/// <summary>Session descriptions in the styles of common SIPREC recording clients.</summary>
internal static class SdpSamples
{
    public const string OracleAcme = """
        v=0
        o=- 1234567 1234568 IN IP4 10.10.1.20
        s=-
        c=IN IP4 10.10.1.20
        t=0 0
        m=audio 20000 RTP/AVP 0 8 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=sendonly
        a=label:1
        m=audio 20002 RTP/AVP 0 8 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=sendonly
        a=label:2
        """;

    public const string CiscoCube = """
        v=0
        o=CiscoSystemsSIP-GW-UserAgent 2947 8012 IN IP4 172.18.110.205
        s=SIP Call
        t=0 0
        m=audio 16392 RTP/AVP 18 101
        c=IN IP4 172.18.110.205
        a=rtpmap:18 G729/8000
        a=fmtp:18 annexb=no
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendonly
        a=label:1
        m=audio 16394 RTP/AVP 18 101
        c=IN IP4 172.18.110.205
        a=rtpmap:18 G729/8000
        a=fmtp:18 annexb=no
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendonly
        a=label:2
        """;

    public const string AudioCodes = "v=0\r\n" +
        "o=AudiocodesGW 1883163395 1883163234 IN IP4 10.33.4.22   \r\n" +
        "s=Phone-Call\r\n" +
        "c=IN IP4 10.33.4.22\r\n" +
        "t=0 0\r\n" +
        "a=sendonly\r\n" +
        "m=audio 6010 RTP/AVP 8 96\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:96 telephone-event/8000\r\n" +
        "a=fmtp:96 0-15\r\n" +
        "a=label:0\r\n" +
        "a=x-audiocodes-unknown:1\r\n" +
        "y=vendor-specific-line\r\n" +
        "m=audio 6020 RTP/AVP 8 96\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:96 telephone-event/8000\r\n" +
        "a=label:1\r\n";

    public const string FreeSwitchSrtp = "v=0\n" +
        "o=FreeSWITCH 1700000000 1700000001 IN IP4 203.0.113.5\n" +
        "s=FreeSWITCH\n" +
        "c=IN IP4 203.0.113.5\n" +
        "t=0 0\n" +
        "m=audio 24580 RTP/SAVP 9 0 101\n" +
        "a=rtpmap:9 G722/8000\n" +
        "a=rtpmap:0 PCMU/8000\n" +
        "a=rtpmap:101 telephone-event/8000\n" +
        "a=fmtp:101 0-16\n" +
        "a=ptime:20\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\n" +
        "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj UNENCRYPTED_SRTCP\n" +
        "a=recvonly\n" +
        "a=label:inbound\n" +
        "m=audio 24582 RTP/SAVP 111\n" +
        "a=rtpmap:111 opus/48000/2\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\n" +
        "a=label:outbound\n";

    public const string AvayaHold = """
        v=0
        o=Avaya 1 2 IN IP4 192.0.2.40
        m=audio 0 RTP/AVP 0
        c=IN IP4 0.0.0.0
        a=inactive
        a=label:10
        m=audio 5004/2 RTP/AVP 0
        c=IN IP4 192.0.2.41/127
        b=AS:64
        i=agent leg
        a=label:11
        """;
}
