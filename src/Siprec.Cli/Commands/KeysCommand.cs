using System.CommandLine;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl keys rotate</c>: master keys of recordings encrypted at rest.</summary>
public static class KeysCommand
{
    /// <summary>Creates the <c>keys</c> command with its subcommands.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var rotate = new Command("rotate", HelpText.With(
            "Re-wrap every encrypted file's data key under the server's current master key; audio is never re-encrypted.",
            "siprecctl keys rotate"));
        rotate.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.RotateKeysAsync(token).ConfigureAwait(false), DetailWriter.Write);
            return ExitCode.Ok;
        }, ct));
        return new Command("keys", HelpText.With("Master keys of recordings encrypted at rest.", "siprecctl keys rotate"))
        {
            rotate,
        };
    }
}
