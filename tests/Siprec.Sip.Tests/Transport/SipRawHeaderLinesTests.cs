using System.Text;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Transport;

public sealed class SipRawHeaderLinesTests
{
    [Fact]
    public void Splits_the_start_line_and_hands_out_each_header_line_until_the_empty_line()
    {
        var raw = "INVITE sip:srs@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nCall-ID: c\r\n\r\nbody: not a header\r\n"u8;

        Assert.True(SipRawHeaderLines.TrySplit(raw, out var startLine, out var lines));

        Assert.Equal("INVITE sip:srs@127.0.0.1 SIP/2.0", Encoding.ASCII.GetString(startLine));
        Assert.Equal(["Via|SIP/2.0/UDP h;branch=z9hG4bKx", "Call-ID|c"], Read(lines));
    }

    [Theory]
    [InlineData("R\nA: 1\nB: 2\n\nC: 3", "A|1,B|2")]
    [InlineData("R\r\nA: 1\r\nB: 2", "A|1,B|2")]
    [InlineData("R\r\nA: 1\r\n\r\n", "A|1")]
    [InlineData("R\r\n\r\nA: 1\r\n", "")]
    [InlineData("R\r\nA:1\r\nB :  2 \t\r\n", "A|1,B|2")]
    [InlineData("R\r\nA: x:y\r\n", "A|x:y")]
    public void Ends_at_the_empty_line_or_the_end_of_the_data_and_trims_names_and_values(string raw, string expected)
    {
        Assert.True(SipRawHeaderLines.TrySplit(Encoding.ASCII.GetBytes(raw), out _, out var lines));

        Assert.Equal(expected, string.Join(",", Read(lines)));
    }

    [Theory]
    [InlineData("no colon here", false, false)]
    [InlineData(": no name", false, false)]
    [InlineData(" folded: value", true, true)]
    [InlineData("\tfolded", false, true)]
    [InlineData("Via: a", true, false)]
    public void Tells_lines_without_a_name_and_continuation_lines(string text, bool hasName, bool isContinuation)
    {
        var line = new SipRawHeaderLine(Encoding.ASCII.GetBytes(text));

        Assert.Equal(hasName, line.HasName);
        Assert.Equal(isContinuation, line.IsContinuation);
        Assert.Equal(text, Encoding.ASCII.GetString(line.Line));
    }

    [Theory]
    [InlineData("Via: a", true)]
    [InlineData("VIA: a", true)]
    [InlineData("v: a", true)]
    [InlineData("V: a", true)]
    [InlineData("Vias: a", false)]
    [InlineData("x: a", false)]
    public void Matches_a_name_in_any_case_and_its_compact_form(string text, bool isVia)
    {
        Assert.Equal(isVia, new SipRawHeaderLine(Encoding.ASCII.GetBytes(text)).Is("Via"u8, (byte)'v'));
    }

    [Fact]
    public void A_compact_form_of_zero_matches_only_the_full_name()
    {
        Assert.False(new SipRawHeaderLine("c: 1 INVITE"u8).Is("CSeq"u8, 0));
        Assert.True(new SipRawHeaderLine("cseq: 1 INVITE"u8).Is("CSeq"u8, 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no line break")]
    [InlineData("\nA: 1\r\n")]
    public void Refuses_data_without_a_line_break_after_its_first_byte(string raw)
    {
        Assert.False(SipRawHeaderLines.TrySplit(Encoding.ASCII.GetBytes(raw), out var startLine, out var lines));

        Assert.True(startLine.IsEmpty);
        Assert.Empty(Read(lines));
    }

    private static List<string> Read(SipRawHeaderLines lines)
    {
        var read = new List<string>();
        foreach (var line in lines)
        {
            read.Add(line.HasName ? $"{Encoding.ASCII.GetString(line.Name)}|{Encoding.ASCII.GetString(line.Value)}" : Encoding.ASCII.GetString(line.Line));
        }

        return read;
    }
}
