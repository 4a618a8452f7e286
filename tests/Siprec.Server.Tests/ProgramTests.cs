using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests;

public sealed class ProgramTests
{
    [Theory]
    [InlineData("PAUSE_AUTO_RESUME", "maybe", "siprec: configuration error: invalid value for environment variable PAUSE_AUTO_RESUME")]
    [InlineData("MAX_PAUSE_DURATION", "soon", "siprec: configuration error: invalid value for environment variable MAX_PAUSE_DURATION")]
    [InlineData("PAUSE_RESUME_REQUIRE_AUTH", "true", "siprec: configuration error: PAUSE_RESUME_REQUIRE_AUTH is true but PAUSE_RESUME_API_KEY")]
    public async Task InvalidConfigurationStopsTheServerNamingTheKey(string key, string value, string message)
    {
        var directory = Directory.CreateTempSubdirectory("siprec-program-tests").FullName;
        try
        {
            var (exit, _, stderr) = await ExternalCommand.RunAsync(
                "dotnet", [Path.Combine(AppContext.BaseDirectory, "siprec.dll")],
                new Dictionary<string, string> { [key] = value, ["HTTP_PORT"] = "0", ["HTTP_HOST"] = "127.0.0.1" }, directory);
            Assert.Equal(2, exit);
            Assert.StartsWith(message, stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
