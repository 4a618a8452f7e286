using Siprec.Transcription.Configuration;
using Siprec.Transcription.Providers.Aws;
using Siprec.Transcription.Providers.Azure;
using Siprec.Transcription.Providers.Deepgram;
using Siprec.Transcription.Providers.Google;
using Siprec.Transcription.Providers.OpenAi;
using Siprec.Transcription.Providers.OpenAiCompatible;

namespace Siprec.Transcription.Tests.Configuration;

public sealed class SpeechRecognizerFactoryTests : IDisposable
{
    private static readonly Dictionary<string, string> Complete = new()
    {
        ["DEEPGRAM_API_KEY"] = "dg",
        ["OPENAI_API_KEY"] = "sk",
        ["OPENAI_COMPATIBLE_URL"] = "http://127.0.0.1:8000/v1/audio/transcriptions",
        ["GOOGLE_API_KEY"] = "g",
        ["AZURE_SPEECH_KEY"] = "az",
        ["AZURE_SPEECH_REGION"] = "westeurope",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "AKID",
        ["AWS_SECRET_ACCESS_KEY"] = "secret",
    };

    private readonly HttpClient _http = new();

    public static TheoryData<string, Type, string, int> Providers => new()
    {
        { "deepgram", typeof(DeepgramRecognizer), "deepgram", 16000 },
        { "openai", typeof(OpenAiRealtimeRecognizer), "openai", 24000 },
        { "openai-compatible", typeof(OpenAiCompatibleRecognizer), "openai-compatible", 16000 },
        { "GOOGLE", typeof(GoogleSpeechRecognizer), "google", 16000 },
        { "azure", typeof(AzureSpeechRecognizer), "azure", 16000 },
        { "aws", typeof(AwsTranscribeRecognizer), "aws", 16000 },
    };

    public static TheoryData<string, string> MissingSettings => new()
    {
        { "deepgram", "DEEPGRAM_API_KEY" },
        { "openai", "OPENAI_API_KEY" },
        { "openai-compatible", "OPENAI_COMPATIBLE_URL" },
        { "google", "GOOGLE_API_KEY" },
        { "azure", "AZURE_SPEECH_KEY" },
        { "aws", "AWS_REGION" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_name_creates_its_provider(string name, Type type, string expectedName, int rate)
    {
        var recognizer = Create(name, Complete);
        Assert.IsType(type, recognizer);
        Assert.Equal(expectedName, recognizer!.Name);
        Assert.Equal(rate, recognizer.PreferredSampleRate);
        (recognizer as IDisposable)?.Dispose();
    }

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    public void None_creates_nothing(string name) => Assert.Null(Create(name, Complete));

    [Theory]
    [MemberData(nameof(MissingSettings))]
    public void A_missing_key_or_url_names_the_variable(string name, string variable)
    {
        var error = Assert.Throws<TranscriptionConfigurationException>(() => Create(name, new Dictionary<string, string>()));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("watson", "Unknown STT_PROVIDER 'watson'")]
    public void Unknown_names_are_clear_errors(string name, string message)
    {
        var error = Assert.Throws<TranscriptionConfigurationException>(() => Create(name, Complete));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("openai-compatible", error.Message, StringComparison.Ordinal);
        Assert.Contains("azure", error.Message, StringComparison.Ordinal);
        Assert.Contains("aws", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_without_any_credential_source_names_the_chain()
    {
        var error = Assert.Throws<TranscriptionConfigurationException>(() => Create("aws", new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" }));
        Assert.Contains("AWS_SHARED_CREDENTIALS_FILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pocketsphinx_without_a_model_is_reported_unavailable()
    {
        var options = new TranscriptionOptions("pocketsphinx", null) { PocketSphinx = new PocketSphinxSettings("/nonexistent/model") };
        var error = Assert.Throws<SpeechProviderException>(() => new SpeechRecognizerFactory(TimeProvider.System, _http).Create(options));
        Assert.Contains("provider unavailable", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _http.Dispose();

    private ISpeechRecognizer? Create(string provider, Dictionary<string, string> variables)
    {
        var options = TranscriptionOptions.FromVariables(name => name == "STT_PROVIDER" ? provider : variables.GetValueOrDefault(name));
        return new SpeechRecognizerFactory(TimeProvider.System, _http, variables.GetValueOrDefault).Create(options);
    }
}
