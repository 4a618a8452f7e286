using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Siprec.Server.Tests;

public sealed class LivenessTests
{
    [Fact]
    public async Task HealthLiveAnswers200OnConfiguredPort()
    {
        var port = FreeTcpPort();
        var serverDll = Path.Combine(AppContext.BaseDirectory, "siprec.dll");
        var psi = new ProcessStartInfo("dotnet", $"\"{serverDll}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["HTTP_HOST"] = "127.0.0.1";
        psi.Environment["SIP_HOST"] = "127.0.0.1";
        psi.Environment["SIP_PORT"] = "0";
        psi.Environment["RECORDING_DIR"] = Path.Combine(Path.GetTempPath(), "siprec-liveness-" + Guid.NewGuid().ToString("N"));
        using var process = Process.Start(psi)!;
        try
        {
            using var http = new HttpClient();
            HttpStatusCode? status = null;
            for (var i = 0; i < 100 && status is null; i++)
            {
                try { status = (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"))).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
