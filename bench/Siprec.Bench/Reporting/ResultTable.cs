namespace Siprec.Bench.Reporting;

/// <summary>Collects figures from every scenario and prints them as one Markdown table.</summary>
public sealed class ResultTable
{
    private readonly List<BenchFigure> _figures = [];

    /// <summary>Adds a figure and echoes it at once, so a run cut short still shows what it measured.</summary>
    public void Add(BenchFigure figure, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(progress);
        _figures.Add(figure);
        progress.WriteLine($"  {figure.Scenario}: {figure.Name} = {figure.Value}");
    }

    /// <summary>Adds a figure with no target.</summary>
    public void Add(string scenario, string name, string value, TextWriter progress) =>
        Add(new BenchFigure(scenario, name, value, "-", null), progress);

    /// <summary>Writes the table: scenario, figure, value, target, verdict.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("| scenario | figure | measured | target | met |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var f in _figures)
            output.WriteLine($"| {f.Scenario} | {f.Name} | {f.Value} | {f.Target} | {f.Met switch { true => "yes", false => "NO", null => "" }} |");
    }
}
