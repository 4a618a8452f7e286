namespace Siprec.Recording.Tests.Metadata;

/// <summary>Metadata documents written in the styles of the SRCs found in the field.</summary>
internal static class VendorMetadataSamples
{
    public const string Rfc7865 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
          <datamode>complete</datamode>
          <group group_id="7+OTCyoxTmqmqyA/1weDAg==">
            <associate-time>2010-12-16T23:41:07Z</associate-time>
          </group>
          <session session_id="hVpd7YQgRW2nD22h7q60JQ==">
            <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
            <group-ref>7+OTCyoxTmqmqyA/1weDAg==</group-ref>
            <start-time>2010-12-16T23:41:07Z</start-time>
          </session>
          <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
            <nameID aor="sip:bob@biloxi.com">
              <name xml:lang="it">Bob</name>
            </nameID>
          </participant>
          <participant participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
            <nameID aor="sip:alice@atlanta.com">
              <name xml:lang="en">Alice</name>
            </nameID>
          </participant>
          <stream stream_id="UAAMm5GRQKSCMVvLyl4rFw==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
            <label>96</label>
          </stream>
          <stream stream_id="i1Pz3to5hGk8fuXl+PbwCw==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
            <label>97</label>
          </stream>
          <participantsessionassoc participant_id="srfBElmCRp2QB23b7Mpk0w==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
            <associate-time>2010-12-16T23:41:07Z</associate-time>
          </participantsessionassoc>
          <participantstreamassoc participant_id="srfBElmCRp2QB23b7Mpk0w==">
            <send>i1Pz3to5hGk8fuXl+PbwCw==</send>
            <recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
          </participantstreamassoc>
          <participantstreamassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
            <send>UAAMm5GRQKSCMVvLyl4rFw==</send>
            <recv>i1Pz3to5hGk8fuXl+PbwCw==</recv>
          </participantstreamassoc>
        </recording>
        """;

    public const string OracleAcmePacket = """
        <?xml version='1.0' encoding='UTF-8'?>
        <recording xmlns='urn:ietf:params:xml:ns:recording'>
          <datamode>complete</datamode>
          <session id="BYiC7uSZQGN3VQdzWI1HWw==">
            <associate-time>2012-06-26T13:44:13</associate-time>
          </session>
          <participant id="hq18GJs3TtJdhjPsfPNV8A==" session="BYiC7uSZQGN3VQdzWI1HWw==">
            <nameID aor="sip:sipp@192.168.10.1">
              <name>sipp</name>
            </nameID>
            <send>aD50KX+LTvxNzASg+/GQTg==</send>
            <associate-time>2012-06-26T13:44:13</associate-time>
            <extensiondata xmlns:apkt="http://acmepacket.com/siprec/extensiondata">
              <apkt:callingParty>true</apkt:callingParty>
              <apkt:in-realm>net192</apkt:in-realm>
            </extensiondata>
          </participant>
          <participant id="Kx0AxoVYSsZw1dR7vhsxRw==" session="BYiC7uSZQGN3VQdzWI1HWw==">
            <nameID aor="sip:service@192.168.101.13">
              <name>sut</name>
            </nameID>
            <send>JtBbqTyGSydyQY8cFJOzyQ==</send>
          </participant>
          <stream id="aD50KX+LTvxNzASg+/GQTg==" session="BYiC7uSZQGN3VQdzWI1HWw==">
            <label>1</label>
            <mode>separate</mode>
          </stream>
          <stream id="JtBbqTyGSydyQY8cFJOzyQ==" session="BYiC7uSZQGN3VQdzWI1HWw==">
            <label>2</label>
            <mode>separate</mode>
          </stream>
        </recording>
        """;

    public const string AcmePacketOlderAor = """
        <?xml version='1.0' encoding='UTF-8'?>
        <recording xmlns='urn:ietf:params:xml:ns:recording'>
                <dataMode>complete</dataMode>
                <session id="urn:uuid:79b2fcd8-5c7f-455c-783f-db334e5d57d0">
                        <start-time>2011-06-27T17:03:57</start-time>
                </session>
                <participant id="urn:uuid:10ac9063-76b7-40bb-4587-08ba290d7327" session="urn:uuid:79b2fcd8-5c7f-455c-783f-db334e5d57d0">
                        <aor>sip:sipp@168.192.24.40</aor>
                        <name>sipp </name>
                        <send>urn:uuid:07868c77-ef8e-4d6f-6dd5-a02ff53a1329</send>
                </participant>
                <participant id="urn:uuid:797c45f5-e765-4b12-52b0-d9be31138529" session="urn:uuid:79b2fcd8-5c7f-455c-783f-db334e5d57d0">
                        <aor>sip:service@168.192.24.60</aor>
                        <name>sut </name>
                </participant>
                <stream id="urn:uuid:07868c77-ef8e-4d6f-6dd5-a02ff53a1329" session="urn:uuid:79b2fcd8-5c7f-455c-783f-db334e5d57d0">
                        <mode>separate</mode>
                        <label>1</label>
                </stream>
        </recording>
        """;

    public const string CiscoCube = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1">
        <datamode>complete</datamode>
        <session session_id="3Yf5Ar1XEei/u4tmWpDkXw==">
        <sipSessionID>fbd1e7d7f6d75d39b2f83d7a2b0e4e66;remote=00000000000000000000000000000000</sipSessionID>
        <start-time>2016-04-19T12:48:36.960Z</start-time>
        </session>
        <participant participant_id="3Yf5Ar1XEei/u4tmWpDkXw==+1">
        <nameID aor="sip:1001@10.10.10.5">
        </nameID>
        </participant>
        <participantsessionassoc participant_id="3Yf5Ar1XEei/u4tmWpDkXw==+1" session_id="3Yf5Ar1XEei/u4tmWpDkXw==">
        <associate-time>2016-04-19T12:48:36.960Z</associate-time>
        </participantsessionassoc>
        <stream stream_id="3Yf5Ar1XEei/u4tmWpDkXw==-1" session_id="3Yf5Ar1XEei/u4tmWpDkXw==">
        <label>1</label>
        </stream>
        <participant participant_id="3Yf5Ar1XEei/u4tmWpDkXw==+2">
        <nameID aor="sip:2002@10.10.10.6">
        </nameID>
        </participant>
        <stream stream_id="3Yf5Ar1XEei/u4tmWpDkXw==-2" session_id="3Yf5Ar1XEei/u4tmWpDkXw==">
        <label>2</label>
        </stream>
        <participantstreamassoc participant_id="3Yf5Ar1XEei/u4tmWpDkXw==+1">
        <send>3Yf5Ar1XEei/u4tmWpDkXw==-1</send>
        <recv>3Yf5Ar1XEei/u4tmWpDkXw==-2</recv>
        </participantstreamassoc>
        <participantstreamassoc participant_id="3Yf5Ar1XEei/u4tmWpDkXw==+2">
        <send>3Yf5Ar1XEei/u4tmWpDkXw==-2</send>
        <recv>3Yf5Ar1XEei/u4tmWpDkXw==-1</recv>
        </participantstreamassoc>
        <ExtensionData xmlns="http://cisco.com/siprec/extensiondata">
        <participant><callingParty>true</callingParty><aor>sip:ignored@example.com</aor></participant>
        <ccsipCallId>1234</ccsipCallId>
        </ExtensionData>
        </recording>
        """;

    public const string AudioCodesPrefixed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rs:recording xmlns:rs="urn:ietf:params:xml:ns:recording:1" xmlns:ac="http://AudioCodes">
          <rs:datamode>complete</rs:datamode>
          <rs:session session_id="u1Jg3P2FQpm0pAplz1Ykvg==">
            <rs:sipSessionID>a5f7ac2d-1b2f-4a6e-9c2e-7d1d3f0c0d11</rs:sipSessionID>
            <ac:AudioCodes>
              <ac:CallId>1-2-3@10.0.0.9</ac:CallId>
            </ac:AudioCodes>
          </rs:session>
          <rs:participant participant_id="KzOO/8XKR4qNo8nDVHrTtQ==">
            <rs:nameID aor="tel:+15551230001">
              <rs:name xml:lang="en">Agent 7</rs:name>
            </rs:nameID>
            <ac:AudioCodes><ac:Role>initiator</ac:Role></ac:AudioCodes>
          </rs:participant>
          <rs:participant participant_id="MzjT6X9xTbeUZp1JcU9m+w==">
            <rs:nameID aor="tel:+15559870002"/>
          </rs:participant>
          <rs:stream stream_id="8Q/4i2n3QO6mTH1mSxnhbg==" session_id="u1Jg3P2FQpm0pAplz1Ykvg==">
            <rs:label>1</rs:label>
          </rs:stream>
          <rs:stream stream_id="eG8+dSPuSdyCkmeI6aXnmw==" session_id="u1Jg3P2FQpm0pAplz1Ykvg==">
            <rs:label>2</rs:label>
          </rs:stream>
          <rs:participantstreamassoc participant_id="KzOO/8XKR4qNo8nDVHrTtQ==">
            <rs:send>8Q/4i2n3QO6mTH1mSxnhbg==</rs:send>
          </rs:participantstreamassoc>
          <rs:participantstreamassoc participant_id="MzjT6X9xTbeUZp1JcU9m+w==">
            <rs:send>eG8+dSPuSdyCkmeI6aXnmw==</rs:send>
          </rs:participantstreamassoc>
        </rs:recording>
        """;

    public const string AvayaSbce = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1" xmlns:avaya="http://avaya.com/sbce">
          <datamode>complete</datamode>
          <group group_id="R3JvdXAtMQ==">
            <associate-time>2023-03-01T09:15:00.123+01:00</associate-time>
          </group>
          <session session_id="U2Vzc2lvbi0x">
            <group-ref>R3JvdXAtMQ==</group-ref>
            <sipSessionID>0c5b7a1e00105000a000001122334455;remote=99887766554433221100aabbccddeeff</sipSessionID>
            <sipSessionID>0c5b7a1e00105000a000001122334466</sipSessionID>
            <start-time>2023-03-01T09:15:00.123+01:00</start-time>
          </session>
          <participant participant_id="UGFydC1B">
            <nameID aor="sip:4001@corp.example.com"><name>Front Desk</name></nameID>
          </participant>
          <participant participant_id="UGFydC1C">
            <nameID aor="sip:+442071234567@carrier.example.net"/>
          </participant>
          <stream stream_id="U3RyZWFtLUE=" session_id="U2Vzc2lvbi0x"><label>10</label></stream>
          <stream stream_id="U3RyZWFtLUI=" session_id="U2Vzc2lvbi0x"><label>11</label></stream>
          <participantstreamassoc participant_id="UGFydC1B">
            <send>U3RyZWFtLUE=</send><recv>U3RyZWFtLUI=</recv>
          </participantstreamassoc>
          <participantstreamassoc participant_id="UGFydC1C">
            <send>U3RyZWFtLUI=</send><recv>U3RyZWFtLUE=</recv>
          </participantstreamassoc>
          <avaya:ucid>00001012341677662100</avaya:ucid>
        </recording>
        """;

    public const string RibbonSonus = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
          <datamode>complete</datamode>
          <session session_id="0000004a-0001-0000-0000-0000c0a80a01">
            <sipSessionID>b7b5c8d3f1a24a3c9a1e2d4f6a8b0c1e;remote=00000000000000000000000000000000</sipSessionID>
            <start-time>2024-05-12T08:00:01Z</start-time>
          </session>
          <participant participant_id="GCID-74-A">
            <nameID aor="sip:2125550100@ribbon.example.com">
              <name xml:lang="en">Caller Two</name>
            </nameID>
          </participant>
          <participant participant_id="GCID-74-B">
            <nameID aor="sip:2125550199@ribbon.example.com"/>
          </participant>
          <stream stream_id="GCID-74-leg-caller" session_id="0000004a-0001-0000-0000-0000c0a80a01">
            <label>caller-audio</label>
          </stream>
          <stream stream_id="GCID-74-leg-callee" session_id="0000004a-0001-0000-0000-0000c0a80a01">
            <label>callee-audio</label>
          </stream>
          <participantstreamassoc participant_id="GCID-74-A">
            <send>GCID-74-leg-caller</send>
            <recv>GCID-74-leg-callee</recv>
          </participantstreamassoc>
          <participantstreamassoc participant_id="GCID-74-B">
            <send>GCID-74-leg-callee</send>
            <recv>GCID-74-leg-caller</recv>
          </participantstreamassoc>
        </recording>
        """;

    public const string BroadWorks = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1" xmlns:bsft="http://schema.broadsoft.com/siprec">
        <datamode>complete</datamode>
        <session session_id="YnJvYWR3b3Jrcy0xMjM=">
        <sipSessionID>5f2a9c7e3b1d4e8f9a0b1c2d3e4f5a6b</sipSessionID>
        <start-time>2022-11-30T16:20:00Z</start-time>
        </session>
        <participant participant_id="YWxpY2U=">
        <nameID aor="sip:alice@as.example.com"><name xml:lang="en">Alice Smith</name></nameID>
        <bsft:extensiondata><bsft:userId>alice@as.example.com</bsft:userId></bsft:extensiondata>
        </participant>
        <participant participant_id="Ym9i">
        <nameID aor="tel:+13125550123"/>
        </participant>
        <stream stream_id="c3RyZWFtMQ==" session_id="YnJvYWR3b3Jrcy0xMjM="><label>1</label></stream>
        <stream stream_id="c3RyZWFtMg==" session_id="YnJvYWR3b3Jrcy0xMjM="><label>2</label></stream>
        <participantstreamassoc participant_id="YWxpY2U="><send>c3RyZWFtMQ==</send><recv>c3RyZWFtMg==</recv></participantstreamassoc>
        <participantstreamassoc participant_id="Ym9i"><send>c3RyZWFtMg==</send><recv>c3RyZWFtMQ==</recv></participantstreamassoc>
        </recording>
        """;

    public const string OpenSipsModule = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode><session session_id="N2E0YjAyZDgtNjQyZS00Y2Rj"><sipSessionID>7a4b02d8642e4cdc;remote=0</sipSessionID><start-time>2025-01-02T03:04:05+00:00</start-time></session><participant participant_id="Y2FsbGVy"><nameID aor="sip:caller@198.51.100.7"><name>&quot;Caller &amp; Co&quot;</name></nameID></participant><participant participant_id="Y2FsbGVl"><nameID aor="sip:callee@198.51.100.8"></nameID></participant><stream stream_id="c3RyLTA=" session_id="N2E0YjAyZDgtNjQyZS00Y2Rj"><label>0</label></stream><stream stream_id="c3RyLTE=" session_id="N2E0YjAyZDgtNjQyZS00Y2Rj"><label>1</label></stream><participantstreamassoc participant_id="Y2FsbGVy"><send>c3RyLTA=</send><recv>c3RyLTE=</recv></participantstreamassoc><participantstreamassoc participant_id="Y2FsbGVl"><send>c3RyLTE=</send><recv>c3RyLTA=</recv></participantstreamassoc></recording>
        """;

    public const string FreeSwitchModule = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1">
          <datamode>complete</datamode>
          <session id="ZnMtc2Vzc2lvbg==">
            <sipSessionID>e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6</sipSessionID>
          </session>
          <participant id="ZnMtYQ==">
            <nameID>
              <aor>sip:1000@fs.example.org</aor>
              <name>Ext 1000</name>
            </nameID>
          </participant>
          <participant id="ZnMtYg==">
            <nameID>
              <aor>sip:1001@fs.example.org</aor>
            </nameID>
          </participant>
          <stream id="ZnMtc3RyZWFtLWE=" session="ZnMtc2Vzc2lvbg=="><label>leg-a</label></stream>
          <stream id="ZnMtc3RyZWFtLWI=" session="ZnMtc2Vzc2lvbg=="><label>leg-b</label></stream>
          <participantstreamassoc id="ZnMtYQ=="><send>ZnMtc3RyZWFtLWE=</send></participantstreamassoc>
          <participantstreamassoc id="ZnMtYg=="><send>ZnMtc3RyZWFtLWI=</send></participantstreamassoc>
        </recording>
        """;

    public const string SiprecDraft = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording_metadata xmlns="urn:ietf:params:xml:ns:siprec">
          <dataMode>complete</dataMode>
          <session session_id="ZHJhZnQtc2Vzc2lvbg==">
            <sipSessionID>draft-session-1</sipSessionID>
            <start_time>2011-03-01T10:00:00Z</start_time>
          </session>
          <participant participant_id="ZHJhZnQtcDE=">
            <nameID aor="sip:p1@draft.example"/>
            <send>ZHJhZnQtczE=</send>
            <recv>ZHJhZnQtczI=</recv>
          </participant>
          <participant participant_id="ZHJhZnQtcDI=">
            <nameID aor="sip:p2@draft.example"/>
            <send>ZHJhZnQtczI=</send>
            <recv>ZHJhZnQtczE=</recv>
          </participant>
          <stream stream_id="ZHJhZnQtczE=" session_id="ZHJhZnQtc2Vzc2lvbg=="><label>a1</label></stream>
          <stream stream_id="ZHJhZnQtczI=" session_id="ZHJhZnQtc2Vzc2lvbg=="><label>a2</label></stream>
        </recording_metadata>
        """;
}
