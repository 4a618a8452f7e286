using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Siprec.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a free 127.0.0.1
/// port with its socket in that folder, trust authentication for loopback only, no fsync. As root both run as
/// <c>nobody</c> (PostgreSQL refuses to run as root). Stopped and deleted when disposed.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string RunAs = "nobody";
    private readonly string _bin;
    private readonly string _folder;
    private int _databases;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    /// <summary>The port PostgreSQL listens on.</summary>
    public int Port { get; }

    /// <summary>Why the tests that need PostgreSQL cannot run here; null when they can.</summary>
    public static string? MissingReason => FindBin() is null
        ? "PostgreSQL is not installed (initdb and pg_ctl not found); install the Debian package postgresql (scripts/install-deps.sh test)"
        : null;

    /// <summary>A postgres:// URL of database <paramref name="database"/>.</summary>
    public string Url(string database) => $"postgres://postgres@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>Initializes and starts a cluster; returns once it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(MissingReason);
        var folder = Directory.CreateTempSubdirectory("siprec-pg-").FullName;
        var server = new PostgresServer(bin, folder, FreePort());
        try
        {
            if (Environment.UserName == "root")
                await RunAsync("/bin/chown", ["-R", RunAs, folder], asRoot: true).ConfigureAwait(false);
            await server.RunToolAsync("initdb", ["-D", server.Data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]).ConfigureAwait(false);
            await server.RunToolAsync("pg_ctl", [
                "-D", server.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start", "-o",
                $"-p {server.Port.ToString(CultureInfo.InvariantCulture)} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"]).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates an empty database with a fresh name and returns its postgres:// URL.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await RunToolAsync("createdb", ["-h", _folder, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name]).ConfigureAwait(false);
        return Url(name);
    }

    /// <summary>Stops PostgreSQL at once; the data folder stays until disposal.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await StopAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already stopped, or never started: the folder goes either way.
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string Data => Path.Combine(_folder, "data");

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) =>
        Environment.UserName == "root"
            ? RunAsync("/usr/sbin/runuser", ["-u", RunAs, "--", Path.Combine(_bin, tool), .. arguments], asRoot: true)
            : RunAsync(Path.Combine(_bin, tool), arguments, asRoot: false);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asRoot)
    {
        var psi = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = asRoot ? "/" : Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException(program + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
    }

    private static string? FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        return versions.Select(v => Path.Combine(v, "bin"))
            .FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
