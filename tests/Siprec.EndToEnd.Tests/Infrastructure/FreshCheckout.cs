using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The repository as a fresh clone has it, in a temporary directory: every file git tracks or would track (as it is in
/// the working tree now), and nothing it ignores (no build output, no recordings, no <c>.env</c>). The README's commands
/// run from its root, so what they write lands where a newcomer's would, and the real checkout is never touched.
/// </summary>
public sealed class FreshCheckout : IAsyncLifetime
{
    private readonly TestDirectory _directory = new("fresh-checkout");

    /// <summary>The copy's root, the working directory the README's commands are printed for.</summary>
    public string Root => _directory.Path;

    /// <summary>Copies the files.</summary>
    public async Task InitializeAsync()
    {
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync(
            "git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], workingDirectory: DocumentedCommands.RepositoryRoot);
        Assert.True(exitCode == 0, $"git ls-files exited {exitCode}: {stderr}");
        foreach (var relative in stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(DocumentedCommands.RepositoryRoot, relative);
            // A file deleted in the working tree is still in the index; a clone of the change would not have it.
            if (!File.Exists(source))
                continue;
            // File.Copy keeps the mode bits on Unix, so the scripts stay executable.
            File.Copy(source, _directory.File(relative));
        }
    }

    /// <summary>Deletes the copy with everything the commands made in it.</summary>
    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
