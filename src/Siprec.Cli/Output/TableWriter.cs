namespace Siprec.Cli.Output;

/// <summary>Collects rows under headers and writes them as aligned columns separated by two spaces.</summary>
public sealed class TableWriter
{
    private const string Gap = "  ";

    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with these column headers.</summary>
    public TableWriter(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = headers;
    }

    /// <summary>Number of rows added so far.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a row; it must have one cell per header.</summary>
    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"expected {_headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the header line and every row; the last column is not padded.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < row.Length; i++)
            {
                var last = i == row.Length - 1;
                writer.Write(last ? row[i] : row[i].PadRight(widths[i]) + Gap);
            }

            writer.WriteLine();
        }
    }
}
