using System.Text.Json;
using Siprec.Cli.Output;

namespace Siprec.Cli.Tests.Output;

public sealed class CellTextTests
{
    [Theory]
    [InlineData("null", "-")]
    [InlineData("\"\"", "-")]
    [InlineData("\"2m30s\"", "2m30s")]
    [InlineData("150.50", "150.50")]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    [InlineData("[]", "-")]
    [InlineData("[\"1\", \"2\"]", "1, 2")]
    [InlineData("[{\"aor\": \"sip:a@x\", \"name\": null}, {\"name\": \"Bob\"}]", "sip:a@x, Bob")]
    [InlineData("{\"x\": 1}", "{...}")]
    [InlineData("\"two\\nlines\"", "two lines")]
    public void Of(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, CellText.Of(document.RootElement));
    }

    [Theory]
    [InlineData("{\"a\": \"v\"}", "a", "v")]
    [InlineData("{\"a\": \"v\"}", "b", "-")]
    [InlineData("[1]", "a", "-")]
    public void OfProperty(string json, string name, string expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, CellText.Of(document.RootElement, name));
    }
}
