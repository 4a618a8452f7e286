using Siprec.Media.Srtp;

namespace Siprec.Media.Tests.Srtp;

public sealed class AesCounterModeTests
{
    // RFC 3711 Appendix B.2.
    private static readonly byte[] Key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");

    [Fact]
    public void Matches_the_rfc_3711_keystream_from_counter_zero()
    {
        using var cipher = new AesCounterMode(Key);
        var keystream = new byte[48];
        cipher.GenerateKeystream(Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(keystream));
    }

    [Fact]
    public void Matches_the_rfc_3711_keystream_across_the_counter_byte_carry()
    {
        using var cipher = new AesCounterMode(Key);
        var keystream = new byte[48];
        cipher.GenerateKeystream(Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"), keystream);
        Assert.Equal(
            "EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE" + "6A2CC3787889374FBEB4C81B17BA6C44",
            Convert.ToHexString(keystream));
    }

    [Fact]
    public void Applying_twice_restores_the_data_for_any_length()
    {
        using var cipher = new AesCounterMode(Key);
        var iv = new byte[16];
        for (var length = 0; length < 70; length++)
        {
            var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
            var copy = data.ToArray();
            cipher.Apply(iv, data);
            if (length > 0)
            {
                Assert.NotEqual(copy, data);
            }

            cipher.Apply(iv, data);
            Assert.Equal(copy, data);
        }
    }

    [Theory]
    [InlineData(15)]
    [InlineData(24)]
    public void Rejects_keys_that_are_not_128_bits(int length) =>
        Assert.Contains("16 bytes", Assert.Throws<ArgumentException>(() => new AesCounterMode(new byte[length])).Message, StringComparison.Ordinal);
}
