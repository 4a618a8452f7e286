using Siprec.Media.Codecs;
using Siprec.Media.Srtp;

namespace Siprec.Media.Tests.Srtp;

/// <summary>Random network input must be rejected cleanly, never crash.</summary>
public sealed class SrtpFuzzRegressionTests
{
    [Fact]
    public void Random_packets_are_rejected_without_exceptions()
    {
        using var context = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt);
        var random = new Random(42);
        for (var i = 0; i < 5000; i++)
        {
            var packet = new byte[random.Next(0, 300)];
            random.NextBytes(packet);
            if (packet.Length > 0 && i % 2 == 0)
            {
                // Half the cases carry a valid version, so parsing goes past the first byte.
                packet[0] = (byte)(0x80 | (packet[0] & 0x3F));
            }

            Assert.False(context.TryUnprotectRtp(packet.ToArray(), out _));
            Assert.False(context.TryUnprotectRtcp(packet, out _));
        }
    }

    [Fact]
    public void Random_text_never_throws_from_the_parsers()
    {
        var random = new Random(43);
        const string Alphabet = "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz:|;/+=^-\t";
        for (var i = 0; i < 5000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 80)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            var prefixed = i % 3 == 0 ? "1 AES_CM_128_HMAC_SHA1_80 inline:" + text : text;
            _ = SdesCryptoAttribute.TryParse(prefixed, out _, out _);
            _ = AudioFormat.TryParse(text, out _);
        }
    }
}
