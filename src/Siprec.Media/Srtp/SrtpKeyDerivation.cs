namespace Siprec.Media.Srtp;

/// <summary>The SRTP key derivation function (RFC 3711 §4.3.1) with the AES-CM PRF and a key derivation rate of 0.</summary>
public static class SrtpKeyDerivation
{
    /// <summary>Fills <paramref name="output"/> with the session key for <paramref name="label"/> from a 16-byte master key and 14-byte master salt.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        if (masterSalt.Length != 14)
        {
            throw new ArgumentException($"The SRTP master salt is 14 bytes, not {masterSalt.Length}.", nameof(masterSalt));
        }

        // x = (label || r) XOR master_salt, with r = 0 when the derivation rate is 0; the PRF input is x * 2^16.
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        masterSalt.CopyTo(iv);
        iv[7] ^= (byte)label;
        using var prf = new AesCounterMode(masterKey);
        prf.GenerateKeystream(iv, output);
    }
}
