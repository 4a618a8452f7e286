using System.Net;
using Siprec.Media.AtRest;
using Siprec.Media.Wav;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class EncryptedRecordingsEndpointTests
{
    private static readonly byte[] MasterKey = [.. Enumerable.Range(40, 32).Select(i => (byte)i)];
    private static readonly byte[] OldKey = [.. Enumerable.Range(140, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Day = new(2026, 5, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly short[] Samples = [.. Enumerable.Range(0, 2 * 4000).Select(i => (short)((i * 13) - 7000))];

    [Fact]
    public async Task EncryptedAudioIsServedAsTheDecryptedWav()
    {
        await using var server = await StartAsync(withKey: true);

        using var answer = await server.Client.GetAsync(new Uri("/api/recordings/call-enc/audio", UriKind.Relative));
        var wav = await answer.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("audio/wav", answer.Content.Headers.ContentType?.MediaType);
        var content = WavFileReader.Read(new MemoryStream(wav));
        Assert.Equal((2, 8000), (content.Channels, content.SampleRate));
        Assert.Equal(Samples, content.Samples);
    }

    [Fact]
    public async Task EncryptedSidecarIsIndexedAndServedAsItsJson()
    {
        await using var server = await StartAsync(withKey: true);

        var (listStatus, list, _) = await server.GetAsync("/api/recordings");
        var (status, json, _) = await server.GetAsync("/api/recordings/call-enc");

        Assert.Equal((200, 200), (listStatus, status));
        Assert.Equal("call-enc", list.GetProperty("recordings")[0].GetProperty("call_id").GetString());
        Assert.Equal("rs-call-enc", json.GetProperty("session_id").GetString());
        var stored = await File.ReadAllBytesAsync(Path.Combine(server.Options.Recording.Directory, "2026", "05", "06", "call-enc-0001.json"));
        Assert.Equal(-1, stored.AsSpan().IndexOf("call-enc"u8));
    }

    [Fact]
    public async Task RotationRewrapsOldFilesUnderTheCurrentKeyAndTheyStayReadable()
    {
        await using var server = await StartAsync(MasterKey, OldKey, writtenUnder: OldKey);
        var folder = Path.Combine(server.Options.Recording.Directory, "2026", "05", "06");

        using var rotate = await server.Client.PostAsync(new Uri("/api/keys/rotate", UriKind.Relative), null);
        var answer = System.Text.Json.JsonDocument.Parse(await rotate.Content.ReadAsStringAsync()).RootElement;
        using var again = await server.Client.PostAsync(new Uri("/api/keys/rotate", UriKind.Relative), null);
        var second = System.Text.Json.JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        using var audio = await server.Client.GetAsync(new Uri("/api/recordings/call-enc/audio", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.Equal(MasterKeyring.IdOf(MasterKey), answer.GetProperty("key_id").GetString());
        Assert.Equal((2, 0, 0), (answer.GetProperty("rewrapped").GetInt32(), answer.GetProperty("already_current").GetInt32(), answer.GetProperty("failed").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("rewrapped").GetInt32(), second.GetProperty("already_current").GetInt32()));
        using (var plain = new MemoryStream())
        {
            EncryptedFileReader.Decrypt(Path.Combine(folder, "call-enc-0001.wav"), new MasterKeyring(MasterKey), plain);
            Assert.Equal(Samples, WavFileReader.Read(new MemoryStream(plain.ToArray())).Samples);
        }

        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal(Samples, WavFileReader.Read(new MemoryStream(await audio.Content.ReadAsByteArrayAsync())).Samples);
    }

    [Fact]
    public async Task AudioUnderAnUnknownMasterKeyIsACleanLogged500()
    {
        await using var server = await StartAsync(MasterKey, olderKey: null, writtenUnder: OldKey, encryptSidecar: false);

        var (status, json, _) = await server.GetAsync("/api/recordings/call-enc/audio");

        Assert.Equal(500, status);
        Assert.StartsWith("audio of recording call-enc cannot be decrypted: master key ", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Recording call-enc cannot be decrypted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RotationWithoutAKeyIs409()
    {
        await using var server = await StartAsync(withKey: false);

        using var rotate = await server.Client.PostAsync(new Uri("/api/keys/rotate", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, rotate.StatusCode);
    }

    [Fact]
    public async Task EncryptedAudioWithoutAKeyIs500AndLogged()
    {
        await using var server = await StartAsync(withKey: false);

        var (status, json, _) = await server.GetAsync("/api/recordings/call-enc/audio");

        Assert.Equal(500, status);
        Assert.Equal("audio of recording call-enc is encrypted and no RECORDING_ENCRYPTION_KEY_FILE is configured", json.GetProperty("error").GetString());
        Assert.Contains(server.Logs.Lines, l => l.Contains("call-enc is encrypted but no master key", StringComparison.Ordinal));
    }

    private static Task<RunningServer> StartAsync(bool withKey) =>
        StartAsync(withKey ? MasterKey : null, olderKey: null, writtenUnder: MasterKey);

    /// <summary>A server with <paramref name="current"/> as master key (none when null) over one recording encrypted under <paramref name="writtenUnder"/>.</summary>
    private static async Task<RunningServer> StartAsync(byte[]? current, byte[]? olderKey, byte[] writtenUnder, bool? encryptSidecar = null)
    {
        var server = await RunningServer.StartAsync(o =>
        {
            var keys = Path.Combine(Path.GetDirectoryName(o.Recording.Directory)!, "keys");
            Directory.CreateDirectory(Path.Combine(keys, "older"));
            if (current is not null)
            {
                File.WriteAllBytes(Path.Combine(keys, "master.key"), current);
                o.Recording.EncryptionKeyFile = Path.Combine(keys, "master.key");
            }

            if (olderKey is not null)
            {
                File.WriteAllText(Path.Combine(keys, "older", "2025.key"), Convert.ToBase64String(olderKey) + "\n");
                o.Recording.EncryptionKeyringDirectory = Path.Combine(keys, "older");
            }

            Seed(o.Recording.Directory, new MasterKeyring(writtenUnder), encryptSidecar: encryptSidecar ?? current is not null);
        });
        var index = server.Service<IRecordingIndex>();
        for (var i = 0; i < 400 && (await index.QueryAsync(new RecordingQuery())).Total < 1; i++)
            await Task.Delay(25);
        return server;
    }

    /// <summary>An encrypted recording; its sidecar is encrypted too unless the server is to start without the key.</summary>
    private static void Seed(string root, IRecordingKeyProvider keys, bool encryptSidecar)
    {
        var folder = Path.Combine(root, "2026", "05", "06");
        Directory.CreateDirectory(folder);
        var location = new RecordingLocation(folder, "call-enc-0001");
        using (var writer = WavFileWriter.Create(location.AudioPath, 2, 8000, keys: keys))
        {
            writer.Write(Samples);
            writer.Complete();
        }

        var sidecar = new SessionSidecar
        {
            CallId = "call-enc",
            SessionId = "rs-call-enc",
            RecordingFile = "call-enc-0001.wav",
            StartedAt = Day,
            EndedAt = Day.AddSeconds(1),
            EndReason = "bye",
            SampleRate = 8000,
        };
        SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar, keys: encryptSidecar ? keys : null).GetAwaiter().GetResult();
    }
}
