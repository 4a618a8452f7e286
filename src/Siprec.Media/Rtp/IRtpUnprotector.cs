namespace Siprec.Media.Rtp;

/// <summary>An optional per-stream step before RTP parsing, such as SRTP decryption and authentication.</summary>
public interface IRtpUnprotector
{
    /// <summary>Unprotects <paramref name="packet"/> in place; false when it fails authentication or replay checks.</summary>
    bool TryUnprotect(Span<byte> packet, out int length);
}
