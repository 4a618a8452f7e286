namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A child process's output lines written to a file as they come, readable while it runs; lines after dispose are dropped.</summary>
public sealed class ProcessLogFile : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Creates (or empties) the file at <paramref name="path"/>.</summary>
    public ProcessLogFile(string path)
    {
        Path = path;
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    /// <summary>Where the lines go.</summary>
    public string Path { get; }

    /// <summary>Appends <paramref name="line"/>; null (the end of a redirected stream) is ignored.</summary>
    public void Append(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            if (!_closed)
                _writer.WriteLine(line);
        }
    }

    /// <summary>Everything written so far.</summary>
    public string ReadAll()
    {
        lock (_gate)
        {
            if (!_closed)
                _writer.Flush();
            using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    /// <summary>Closes the file; later lines are dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _writer.Dispose();
        }
    }
}
