using Siprec.Media.Srtp;

namespace Siprec.Media.Tests.Srtp;

public sealed class SrtpKeyDerivationTests
{
    public static TheoryData<SrtpKeyLabel, string> Rfc3711Keys => new()
    {
        // RFC 3711 Appendix B.3.
        { SrtpKeyLabel.RtpEncryption, "C61E7A93744F39EE10734AFE3FF7A087" },
        { SrtpKeyLabel.RtpSalt, "30CBBC08863D8C85D49DB34A9AE1" },
        {
            SrtpKeyLabel.RtpAuthentication,
            "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE" +
            "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25" +
            "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc3711Keys))]
    public void Derives_the_rfc_3711_session_keys(SrtpKeyLabel label, string expected)
    {
        var output = new byte[expected.Length / 2];
        SrtpKeyDerivation.Derive(SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt, label, output);
        Assert.Equal(expected, Convert.ToHexString(output));
    }

    [Fact]
    public void Each_label_gives_a_different_key()
    {
        var keys = Enum.GetValues<SrtpKeyLabel>().Select(label =>
        {
            var output = new byte[16];
            SrtpKeyDerivation.Derive(SrtpTestVectors.MasterKey, SrtpTestVectors.MasterSalt, label, output);
            return Convert.ToHexString(output);
        });
        Assert.Equal(6, keys.Distinct().Count());
    }

    [Fact]
    public void Rejects_a_salt_that_is_not_112_bits() =>
        Assert.Contains("14 bytes", Assert.Throws<ArgumentException>(
            () => SrtpKeyDerivation.Derive(SrtpTestVectors.MasterKey, new byte[16], SrtpKeyLabel.RtpSalt, new byte[14])).Message, StringComparison.Ordinal);
}
