using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Siprec.Tests.Shared;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, without persistence, stopped when disposed. It can be stopped
/// and started again on the same port (empty, as after a restart).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The port Redis listens on.</summary>
    public int Port { get; }

    /// <summary>The address in the StackExchange.Redis form.</summary>
    public string Configuration => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The address as a redis:// URL.</summary>
    public string Url => "redis://" + Configuration;

    /// <summary>True when the redis-server program is installed.</summary>
    public static bool IsInstalled => FindProgram() is not null;

    /// <summary>Starts Redis on a free port and returns once it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.StartAgainAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts Redis again on the same port, empty; returns once it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var program = FindProgram() ?? throw new InvalidOperationException("redis-server is not installed");
        var psi = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await AnswersPingAsync().ConfigureAwait(false))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("redis-server did not answer PING on port " + Port);
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Kills Redis (its data is lost: nothing is saved).</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            process.Dispose();
            _process = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray()).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindProgram() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
}
