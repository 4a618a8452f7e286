namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>File names of the SIPp scenarios in the Scenarios folder, and the arguments some of them need.</summary>
public static class SippScenarios
{
    /// <summary>The load call ending in 200 (ACK, -d pause, BYE) or 503 (ACK); logs OUTCOME answered or OUTCOME refused.</summary>
    public const string Overload = "uac-siprec-overload.xml";

    /// <summary>SIPREC INVITE (multipart SDP + metadata), ACK, -d pause, BYE; logs ANSWER_PORTS, ANSWER_PT, SESSION_ID.</summary>
    public const string Call = "uac-siprec-call.xml";

    /// <summary>As <see cref="Call"/>, offering only PCMA (payload type 8).</summary>
    public const string CallPcma = "uac-siprec-call-pcma.xml";

    /// <summary>As <see cref="Call"/>, offering only G722/8000 (payload type 9).</summary>
    public const string CallG722 = "uac-siprec-call-g722.xml";

    /// <summary>As <see cref="Call"/>, offering only opus/48000/2 (payload type 111).</summary>
    public const string CallOpus = "uac-siprec-call-opus.xml";

    /// <summary>As <see cref="Call"/> over RTP/SAVP with PCMU, stream 1 keyed by <see cref="SrtpKeyStream1"/> and stream 2 by <see cref="SrtpKeyStream2"/>.</summary>
    public const string CallSrtp = "uac-siprec-call-srtp.xml";

    /// <summary>The fixed test SDES key (a=crypto value) the SRTP scenario offers for its first stream.</summary>
    public const string SrtpKeyStream1 = "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    /// <summary>The fixed test SDES key the SRTP scenario offers for its second stream.</summary>
    public const string SrtpKeyStream2 = "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj";

    /// <summary>Call with re-INVITE a=inactive, pause of pause_ms (-set), re-INVITE a=sendonly; logs ANSWERED_AT, PAUSED_AT, RESUMED_AT, ENDED_AT.</summary>
    public const string PauseResume = "uac-siprec-pause-resume.xml";

    /// <summary>Call with a metadata-only UPDATE (datamode partial).</summary>
    public const string MetadataUpdate = "uac-siprec-metadata-update.xml";

    /// <summary>INVITE then CANCEL; accepts 487 or answered-then-BYE. Needs <see cref="ToleratingUnexpectedMessages"/>.</summary>
    public const string Cancel = "uac-siprec-cancel.xml";

    /// <summary>OPTIONS expecting Allow, Accept and Supported: siprec.</summary>
    public const string Options = "uac-options.xml";

    /// <summary>The same INVITE sent twice. Needs <see cref="ToleratingUnexpectedMessages"/>; compare the 200s in the message log.</summary>
    public const string Retransmit = "uac-siprec-retransmit.xml";

    /// <summary>SIPREC INVITE with plain SDP and no metadata.</summary>
    public const string PlainSdp = "uac-plain-sdp.xml";

    /// <summary>Call profile for many concurrent calls (-m/-l/-r).</summary>
    public const string Load = "uac-siprec-load.xml";

    /// <summary>INVITE with a non-numeric CSeq, expecting 400.</summary>
    public const string MalformedInvite = "uac-malformed-invite.xml";

    /// <summary>Folder of one scenario per vendor SRC, each logging ANSWER_PORTS (see <c>VendorCallTests</c>).</summary>
    public const string VendorsFolder = "vendors";

    /// <summary>Makes SIPp carry on past a message it did not expect at that point (used where responses may race).</summary>
    public static IReadOnlyList<string> ToleratingUnexpectedMessages => ["-default_behaviors", "all,-abortunexp"];
}
