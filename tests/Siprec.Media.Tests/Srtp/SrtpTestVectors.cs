namespace Siprec.Media.Tests.Srtp;

/// <summary>Published SRTP known answers: RFC 3711 Appendix B and the reference packets of the libsrtp test driver.</summary>
internal static class SrtpTestVectors
{
    public static byte[] MasterKey { get; } = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");

    public static byte[] MasterSalt { get; } = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    /// <summary>RTP, SSRC 0xCAFEBABE, sequence 0x1234, sixteen 0xAB payload bytes.</summary>
    public static byte[] RtpPlain { get; } = Convert.FromHexString("800F1234DECAFBADCAFEBABE" + "ABABABABABABABABABABABABABABABAB");

    /// <summary><see cref="RtpPlain"/> under AES_CM_128_HMAC_SHA1_80 with the master key and salt above.</summary>
    public static byte[] SrtpSha1_80 { get; } = Convert.FromHexString("800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB");

    /// <summary>RTCP sender report header, SSRC 0xCAFEBABE, sixteen 0xAB bytes.</summary>
    public static byte[] RtcpPlain { get; } = Convert.FromHexString("81C8000BCAFEBABE" + "ABABABABABABABABABABABABABABABAB");

    /// <summary><see cref="RtcpPlain"/> as SRTCP index 1, encrypted, 80-bit tag.</summary>
    public static byte[] Srtcp { get; } = Convert.FromHexString("81C8000BCAFEBABE7128035BE487B9BDBEF89041F977A5A880000001993E08CD54D6C1230798");
}
