using System.Security.Cryptography;
using Siprec.Media.Srtp;

namespace Siprec.Media.Tests.Srtp;

public sealed class SdesCryptoAttributeTests
{
    private const string Key = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    [Fact]
    public void Parses_the_rfc_4568_example()
    {
        var attribute = SdesCryptoAttribute.Parse($"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|2^20|1:32");
        Assert.Equal(1, attribute.Tag);
        Assert.Same(SrtpCryptoSuite.AesCm128HmacSha1_80, attribute.Suite);
        var keyAndSalt = Convert.FromBase64String(Key);
        Assert.Equal(keyAndSalt[..16], attribute.MasterKey.ToArray());
        Assert.Equal(keyAndSalt[16..], attribute.MasterSalt.ToArray());
        Assert.Equal("2^20", attribute.Lifetime);
        Assert.Equal(32, attribute.Mki.Length);
        Assert.Equal(1, attribute.Mki[^1]);
        Assert.All(attribute.Mki[..^1].ToArray(), b => Assert.Equal(0, b));
        Assert.Null(attribute.SessionParameters);
    }

    [Theory]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}")]
    [InlineData($"2 AES_CM_128_HMAC_SHA1_32 inline:{Key}|2^31")]
    [InlineData($"3 AES_CM_128_HMAC_SHA1_80 inline:{Key}|1048576|7:4")]
    [InlineData($"4 AES_CM_128_HMAC_SHA1_80 inline:{Key}|1:1 WSH=64")]
    [InlineData($"123456789 AES_CM_128_HMAC_SHA1_32 inline:{Key} KDR=0 FEC_ORDER=FEC_SRTP")]
    public void Formats_what_it_parses(string text)
    {
        var attribute = SdesCryptoAttribute.Parse(text);
        Assert.Equal(text, attribute.ToString());
        Assert.True(SdesCryptoAttribute.TryParse("a=crypto:" + text, out var again, out _));
        Assert.Equal(text, again.ToString());
    }

    [Theory]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80", "needs a tag, a crypto suite and key parameters")]
    [InlineData($"x AES_CM_128_HMAC_SHA1_80 inline:{Key}", "the tag 'x' is not 1 to 9 digits")]
    [InlineData($"1234567890 AES_CM_128_HMAC_SHA1_80 inline:{Key}", "is not 1 to 9 digits")]
    [InlineData($"1 AES_256_CM_HMAC_SHA1_80 inline:{Key}", "unsupported crypto suite 'AES_256_CM_HMAC_SHA1_80'")]
    [InlineData($"1 F8_128_HMAC_SHA1_80 inline:{Key}", "unsupported crypto suite")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:not*base64!", "not base64 of 30 bytes")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:QUJD", "not base64 of 30 bytes")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}QUJD", "not base64 of 30 bytes")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 uri:{Key}", "the key method must be 'inline:'")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key};inline:{Key}", "more than one key parameter")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|1:0", "length of 1 to 128")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|1:129", "length of 1 to 128")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|256:1", "does not fit in 1 byte")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|1:4|2:4", "more than one MKI")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|2^x", "neither a lifetime")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key} UNENCRYPTED_SRTP", "'UNENCRYPTED_SRTP' is not supported")]
    [InlineData($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key} KDR=24", "key derivation rate 'KDR=24'")]
    public void Rejects_bad_attributes_with_a_reason(string text, string reason)
    {
        Assert.False(SdesCryptoAttribute.TryParse(text, out var attribute, out var error));
        Assert.Null(attribute);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => SdesCryptoAttribute.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generates_a_fresh_30_byte_key_that_round_trips()
    {
        using var random = RandomNumberGenerator.Create();
        var first = SdesCryptoAttribute.Generate(1, SrtpCryptoSuite.AesCm128HmacSha1_80, random);
        var second = SdesCryptoAttribute.Generate(1, SrtpCryptoSuite.AesCm128HmacSha1_80, random);
        Assert.NotEqual(first.ToString(), second.ToString());
        Assert.Matches("^1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}$", first.ToString());

        var parsed = SdesCryptoAttribute.Parse(first.ToString());
        Assert.Equal(first.MasterKey.ToArray(), parsed.MasterKey.ToArray());
        Assert.Equal(first.MasterSalt.ToArray(), parsed.MasterSalt.ToArray());
        Assert.True(parsed.Mki.IsEmpty);
    }

    [Fact]
    public void Contexts_from_the_same_attribute_interoperate()
    {
        var attribute = SdesCryptoAttribute.Parse($"1 AES_CM_128_HMAC_SHA1_32 inline:{Key}|2^20|5:2");
        using var sender = attribute.CreateContext();
        using var receiver = attribute.CreateContext();
        Assert.Same(SrtpCryptoSuite.AesCm128HmacSha1_32, sender.Suite);

        var packet = new byte[12 + 20 + sender.RtpOverhead];
        packet[0] = 0x80;
        packet[3] = 1;
        var length = sender.ProtectRtp(packet, 32);
        Assert.Equal(32 + 2 + 4, length);
        Assert.True(receiver.TryUnprotectRtp(packet, out var plainLength));
        Assert.Equal(32, plainLength);
    }
}
