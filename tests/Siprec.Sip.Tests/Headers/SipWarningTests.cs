using Siprec.Sip.Headers;

namespace Siprec.Sip.Tests.Headers;

public sealed class SipWarningTests
{
    [Theory]
    [InlineData("No Usable Audio Codec", "399 [::1] \"No Usable Audio Codec\"")]
    [InlineData("say \"hi\" \\ bye", "399 [::1] \"say \\\"hi\\\" \\\\ bye\"")]
    [InlineData("two\r\nlines\t", "399 [::1] \"two  lines \"")]
    [InlineData("", "399 [::1] \"\"")]
    public void The_text_is_a_quoted_string_that_cannot_break_the_header(string text, string expected)
    {
        Assert.Equal(expected, SipWarning.Format(SipWarning.Miscellaneous, "[::1]", text));
    }
}
