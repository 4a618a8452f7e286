using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class RecordingsCommandTests : IAsyncLifetime
{
    private RecordingsStub _stub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _stub = await RecordingsStub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("siprecctl-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ListPrintsOneRowPerRecording()
    {
        var result = await RunAsync("recordings", "list");
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var rows = Table.Parse(result.Out, "ID");
        Assert.Equal(2, rows.Count);
        Assert.Equal(
            ("call-1", "call-1", "2023-12-01T10:30:00Z", "2023-12-01T10:32:30Z", "150.5", "Alice, sip:bob@example.com"),
            (rows[0]["ID"], rows[0]["CALL ID"], rows[0]["STARTED"], rows[0]["ENDED"], rows[0]["DURATION"], rows[0]["PARTICIPANTS"]));
        Assert.Equal(("a/b+c", "-", "-", "-"), (rows[1]["ID"], rows[1]["ENDED"], rows[1]["DURATION"], rows[1]["PARTICIPANTS"]));
        Assert.Equal("/api/recordings", Assert.Single(_stub.Targets));
    }

    [Fact]
    public async Task ListJsonIsTheServersAnswer()
    {
        var result = await RunAsync("--json", "recordings", "list");
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var printed = JsonDocument.Parse(result.Out);
        using var sent = JsonDocument.Parse(RecordingsStub.ListJson);
        Assert.True(JsonElement.DeepEquals(sent.RootElement, printed.RootElement));
    }

    [Theory]
    [InlineData(new[] { "--call-id", "call 1/2+3" }, "?call_id=call%201%2F2%2B3")]
    [InlineData(new[] { "--participant", "sip:alice@example.com", "--limit", "5" }, "?participant=sip%3Aalice%40example.com&limit=5")]
    [InlineData(new[] { "--limit", "1", "--call-id", "c" }, "?call_id=c&limit=1")]
    public async Task ListFiltersBecomeTheQuery(string[] filters, string query)
    {
        var result = await RunAsync(["recordings", "list", .. filters]);
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("/api/recordings" + query, Assert.Single(_stub.Targets));
    }

    [Fact]
    public async Task GetShowsTheSidecar()
    {
        var result = await RunAsync("recordings", "get", "a/b+c");
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("/api/recordings/a%2Fb%2Bc", Assert.Single(_stub.Targets));
        var fields = Fields.Parse(result.Out);
        Assert.Equal(("a/b+c", "-", "8000", "-"), (fields["call_id"], fields["session_id"], fields["sample_rate"], fields["streams"]));
        Assert.Equal("card number", Assert.Single(Table.Parse(result.Out, "SOURCE"))["REASON"]);
        Assert.Equal("1", Assert.Single(Table.Parse(result.Out, "ID"))["CHANNELS"]);
    }

    [Fact]
    public async Task GetJsonIsTheSidecar()
    {
        var result = await RunAsync("recordings", "get", "a/b+c", "--json");
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var printed = JsonDocument.Parse(result.Out);
        using var sent = JsonDocument.Parse(RecordingsStub.SidecarJson);
        Assert.True(JsonElement.DeepEquals(sent.RootElement, printed.RootElement));
    }

    [Fact]
    public async Task UnknownRecordingExitsOne()
    {
        var result = await RunAsync("recordings", "get", "nope");
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: recording not found: nope (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("hold", "POST", "yes")]
    [InlineData("unhold", "DELETE", "no")]
    public async Task HoldAndUnholdSendTheirMethodAndPrintTheState(string command, string method, string held)
    {
        var result = await RunAsync("recordings", command, "a/b+c");

        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("/api/recordings/a%2Fb%2Bc/hold", Assert.Single(_stub.Targets));
        Assert.Equal(method, Assert.Single(_stub.Methods));
        var fields = Fields.Parse(result.Out);
        Assert.Equal(("a/b+c", held), (fields["id"], fields["held"]));
    }

    [Fact]
    public async Task HoldOfAnUnknownRecordingExitsOne()
    {
        var result = await RunAsync("recordings", "hold", "nope");

        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: recording not found: nope (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task DownloadWritesTheFile()
    {
        var file = Path.Combine(_directory, "call.wav");
        File.WriteAllText(file, "old");
        var result = await RunAsync("recordings", "download", "a/b+c", "-o", file);
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal($"saved {RecordingsStub.Audio().Length} bytes to {file}\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Equal(RecordingsStub.Audio(), File.ReadAllBytes(file));
        Assert.Equal("/api/recordings/a%2Fb%2Bc/audio", Assert.Single(_stub.Targets));
        Assert.Equal(["call.wav"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DecryptDownloadsTheWavTheServerDecrypted()
    {
        var file = Path.Combine(_directory, "plain.wav");
        var result = await RunAsync("recordings", "decrypt", "a/b+c", "-o", file);
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal(RecordingsStub.Audio(), File.ReadAllBytes(file));
        Assert.Equal("/api/recordings/a%2Fb%2Bc/audio", Assert.Single(_stub.Targets));
    }

    [Fact]
    public async Task KeysRotatePostsAndPrintsTheCounts()
    {
        var result = await RunAsync("keys", "rotate");

        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("/api/keys/rotate", Assert.Single(_stub.Targets));
        Assert.Equal("POST", Assert.Single(_stub.Methods));
        var fields = Fields.Parse(result.Out);
        Assert.Equal(("0123456789abcdef", "4", "2", "0"), (fields["key_id"], fields["rewrapped"], fields["already_current"], fields["failed"]));
    }

    [Fact]
    public async Task FailedDownloadLeavesNoFile()
    {
        var file = Path.Combine(_directory, "missing.wav");
        var result = await RunAsync("recordings", "download", "nope", "--output", file);
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: recording not found: nope (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task UnwritableTargetIsAClearError()
    {
        var file = Path.Combine(_directory, "no-such-folder", "x.wav");
        var result = await RunAsync("recordings", "download", "a/b+c", "-o", file);
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.StartsWith($"error: cannot write {file}: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingKeyExitsFour()
    {
        var result = await CliRunner.RunAsync("--server", _stub.Url, "recordings", "list");
        Assert.Equal(ExitCode.Unauthorized, result.ExitCode);
        Assert.StartsWith("error: invalid API key (HTTP 401)\n", result.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string?> { ["SIPREC_API_KEY"] = RecordingsStub.ApiKey }, ["--server", _stub.Url, .. args]);
}
