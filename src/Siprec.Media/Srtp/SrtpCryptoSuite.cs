using System.Diagnostics.CodeAnalysis;

namespace Siprec.Media.Srtp;

/// <summary>
/// An SRTP crypto suite as named in SDES (RFC 4568 §6.2): AES counter mode with a 128-bit key and HMAC-SHA1
/// authentication truncated to 80 or 32 bits for SRTP (SRTCP always uses 80 bits).
/// </summary>
public sealed class SrtpCryptoSuite
{
    private SrtpCryptoSuite(string name, int srtpAuthTagLength)
    {
        Name = name;
        SrtpAuthTagLength = srtpAuthTagLength;
    }

    /// <summary>AES_CM_128_HMAC_SHA1_80: 10-byte SRTP and SRTCP authentication tags.</summary>
    public static SrtpCryptoSuite AesCm128HmacSha1_80 { get; } = new("AES_CM_128_HMAC_SHA1_80", 10);

    /// <summary>AES_CM_128_HMAC_SHA1_32: 4-byte SRTP tag, 10-byte SRTCP tag.</summary>
    public static SrtpCryptoSuite AesCm128HmacSha1_32 { get; } = new("AES_CM_128_HMAC_SHA1_32", 4);

    /// <summary>The suite's SDES name.</summary>
    public string Name { get; }

    /// <summary>Master key length in bytes.</summary>
    public int MasterKeyLength => 16;

    /// <summary>Master salt length in bytes.</summary>
    public int MasterSaltLength => 14;

    /// <summary>Length of the SRTP authentication tag in bytes.</summary>
    public int SrtpAuthTagLength { get; }

    /// <summary>Length of the SRTCP authentication tag in bytes.</summary>
    public int SrtcpAuthTagLength => 10;

    /// <summary>Finds a suite by its SDES name (case-sensitive, as RFC 4568 registers them); false for unknown suites.</summary>
    public static bool TryFromName(ReadOnlySpan<char> name, [NotNullWhen(true)] out SrtpCryptoSuite? suite)
    {
        suite = name.SequenceEqual(AesCm128HmacSha1_80.Name) ? AesCm128HmacSha1_80
            : name.SequenceEqual(AesCm128HmacSha1_32.Name) ? AesCm128HmacSha1_32
            : null;
        return suite is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
