using Siprec.Transcription.Providers.Aws;

namespace Siprec.Transcription.Tests.Providers.Aws;

public sealed class AwsCredentialChainTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aws-credentials-").FullName;

    private const string SharedFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret

        [contact-centre]
        aws_access_key_id=AKIDCC
        aws_secret_access_key=cc-secret
        aws_session_token=cc-token
        """;

    [Fact]
    public void Environment_keys_come_first()
    {
        var file = WriteFile("credentials");
        var credentials = AwsCredentialChain.Resolve(Env(new()
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDENV",
            ["AWS_SECRET_ACCESS_KEY"] = "env-secret",
            ["AWS_SESSION_TOKEN"] = "env-token",
            ["AWS_SHARED_CREDENTIALS_FILE"] = file,
        }));
        Assert.Equal(new AwsCredentials("AKIDENV", "env-secret", "env-token"), credentials);
    }

    [Fact]
    public void Shared_file_default_profile_then_the_named_profile()
    {
        var file = WriteFile("credentials");
        Assert.Equal(new AwsCredentials("AKIDDEFAULT", "default-secret", null), AwsCredentialChain.Resolve(Env(new() { ["AWS_SHARED_CREDENTIALS_FILE"] = file })));
        Assert.Equal(
            new AwsCredentials("AKIDCC", "cc-secret", "cc-token"),
            AwsCredentialChain.Resolve(Env(new() { ["AWS_SHARED_CREDENTIALS_FILE"] = file, ["AWS_PROFILE"] = "contact-centre" })));
        Assert.Equal(
            new AwsCredentials("AKIDCC", "cc-secret", "cc-token"),
            AwsCredentialChain.Resolve(Env(new() { ["AWS_SHARED_CREDENTIALS_FILE"] = file, ["AWS_PROFILE"] = "default" }), profile: "contact-centre"));
    }

    [Fact]
    public void The_home_directory_file_is_the_default()
    {
        Directory.CreateDirectory(Path.Combine(_directory, ".aws"));
        File.WriteAllText(Path.Combine(_directory, ".aws", "credentials"), SharedFile);
        Assert.Equal("AKIDDEFAULT", AwsCredentialChain.Resolve(Env(new() { ["HOME"] = _directory }))!.AccessKeyId);
    }

    [Fact]
    public void No_source_and_unknown_profile_give_nothing()
    {
        var file = WriteFile("credentials");
        Assert.Null(AwsCredentialChain.Resolve(Env(new() { ["HOME"] = _directory })));
        Assert.Null(AwsCredentialChain.Resolve(Env(new() { ["AWS_SHARED_CREDENTIALS_FILE"] = file, ["AWS_PROFILE"] = "missing" })));
        Assert.Null(AwsCredentialChain.Resolve(Env(new() { ["AWS_ACCESS_KEY_ID"] = "AKIDONLY" })));
    }

    [Fact]
    public void The_secret_never_appears_in_the_text_form()
    {
        Assert.DoesNotContain("s3cr3t", new AwsCredentials("AKID", "s3cr3t", "t0ken").ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Func<string, string?> Env(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);

    private string WriteFile(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, SharedFile);
        return path;
    }
}
