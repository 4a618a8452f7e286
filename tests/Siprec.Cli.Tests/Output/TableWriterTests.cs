using Siprec.Cli.Output;

namespace Siprec.Cli.Tests.Output;

public sealed class TableWriterTests
{
    [Fact]
    public void ColumnsAlignOnTheWidestCellAndTheLastIsNotPadded()
    {
        var table = new TableWriter("ID", "STATE", "NOTE");
        table.AddRow("call-123", "on", "-");
        table.AddRow("x", "paused", "long note here");
        using var writer = new StringWriter();
        table.WriteTo(writer);
        Assert.Equal(
            "ID        STATE   NOTE\n" +
            "call-123  on      -\n" +
            "x         paused  long note here\n",
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void HeaderOnlyWhenNoRows()
    {
        var table = new TableWriter("A", "B");
        using var writer = new StringWriter();
        table.WriteTo(writer);
        Assert.Equal("A  B\n", writer.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(0, table.RowCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void RowWithWrongCellCountIsRejected(int cells)
    {
        var table = new TableWriter("A", "B");
        var error = Assert.Throws<ArgumentException>(() => table.AddRow([.. Enumerable.Repeat("x", cells)]));
        Assert.Contains($"expected 2 cells, got {cells}", error.Message, StringComparison.Ordinal);
    }
}
