using System.CommandLine;
using Siprec.Cli.Commands;

namespace Siprec.Cli;

/// <summary>The entry point of <c>siprecctl</c>, callable in-process with its own writers and environment.</summary>
public static class CliApp
{
    /// <summary>The name the program is known by in help and messages.</summary>
    public const string Name = "siprecctl";

    /// <summary>
    /// Parses <paramref name="args"/>, runs the command against the server and returns an <see cref="ExitCode"/>.
    /// Nothing is shared between calls, so concurrent calls are independent.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);

        var root = SiprecCommandLine.Create(new CommandEnvironment(stdout, stderr, environment));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            var command = string.Join(' ', Enumerable.Reverse(CommandPath(parsed.CommandResult.Command, root)));
            await stderr.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCode.Usage;
        }

        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        for (var current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return current == root ? Name : current.Name;
        }
    }
}
