using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Configuration;

public sealed class EncryptionConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-encryption-config-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EncryptionIsOffByDefault()
    {
        var o = Load().Options;

        Assert.Null(o.Recording.EncryptionKeyFile);
        Assert.Null(o.Recording.EncryptionKeyringDirectory);
    }

    [Fact]
    public void AKeyFileAndKeyringAreTakenFromTheEnvironment()
    {
        var key = Path.Combine(_dir, "master.key");
        File.WriteAllText(key, Convert.ToBase64String(new byte[32]) + "\n");
        Directory.CreateDirectory(Path.Combine(_dir, "older"));

        var o = Load(new() { ["RECORDING_ENCRYPTION_KEY_FILE"] = key, ["RECORDING_ENCRYPTION_KEYRING_DIR"] = Path.Combine(_dir, "older") }).Options;

        Assert.Equal((key, Path.Combine(_dir, "older")), (o.Recording.EncryptionKeyFile, o.Recording.EncryptionKeyringDirectory));
    }

    [Fact]
    public void RelativeKeyPathsAreTakenFromTheWorkingDirectory()
    {
        File.WriteAllBytes(Path.Combine(_dir, "master.key"), new byte[32]);

        var o = Load(new() { ["RECORDING_ENCRYPTION_KEY_FILE"] = "master.key" }).Options;

        Assert.Equal(Path.Combine(_dir, "master.key"), o.Recording.EncryptionKeyFile);
    }

    [Fact]
    public void AKeyFileThatIsNotA256BitKeyIsRefusedWithoutShowingItsContent()
    {
        var key = Path.Combine(_dir, "short.key");
        File.WriteAllText(key, "not-a-key-secret-words");

        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { ["RECORDING_ENCRYPTION_KEY_FILE"] = key }));

        Assert.Contains("RECORDING_ENCRYPTION_KEY_FILE", ex.Message, StringComparison.Ordinal);
        Assert.Contains("neither 32 raw bytes nor the base64 of 32 bytes", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-words", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingKeyFileAndAKeyringWithoutKeyAreRefused()
    {
        var missing = Assert.Throws<ConfigurationException>(() => Load(new() { ["RECORDING_ENCRYPTION_KEY_FILE"] = Path.Combine(_dir, "nope.key") }));
        var orphan = Assert.Throws<ConfigurationException>(() => Load(new() { ["RECORDING_ENCRYPTION_KEYRING_DIR"] = _dir }));

        Assert.Contains("nope.key", missing.Message, StringComparison.Ordinal);
        Assert.Contains("RECORDING_ENCRYPTION_KEY_FILE is empty", orphan.Message, StringComparison.Ordinal);
    }

    private ConfigurationResult Load(Dictionary<string, string>? env = null) =>
        SiprecConfigurationLoader.Load(env ?? [], _dir, Path.Combine(_dir, "no-system-config.json"));
}
