namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A fresh temporary directory for one test (logs, recordings, traces), deleted on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    private int _folders;

    /// <summary>Creates a directory whose name starts with <paramref name="name"/>.</summary>
    public TestDirectory(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "siprec-e2e", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Path of <paramref name="relative"/> inside the directory, its parent created.</summary>
    public string File(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>
    /// A new, empty folder "<paramref name="prefix"/>-n-<paramref name="name"/>", n counted by this directory: every user of
    /// the directory gets its own, so no process can read a file an earlier one left under the same name.
    /// </summary>
    public string NewFolder(string prefix, string name)
    {
        var full = System.IO.Path.Combine(Path, $"{prefix}-{Interlocked.Increment(ref _folders)}-{name}");
        Directory.CreateDirectory(full);
        return full;
    }

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS temp cleaner gets it later.
        }
    }
}
