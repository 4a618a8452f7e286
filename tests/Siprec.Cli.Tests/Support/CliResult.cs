namespace Siprec.Cli.Tests.Support;

/// <summary>What one run of siprecctl produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}
