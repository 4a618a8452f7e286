using System.Diagnostics;
using System.Globalization;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A tmpfs of a given size mounted on a fresh folder, unmounted on dispose (even when the test failed).</summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Mounts <paramref name="sizeBytes"/> of tmpfs at <paramref name="path"/> (created if missing).</summary>
    public static TmpfsMount Create(string path, long sizeBytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={sizeBytes}"), "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Bytes free on the mount now.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <inheritdoc />
    public void Dispose() => Run("umount", "-l", Path);

    private static void Run(string tool, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {error}");
    }
}
