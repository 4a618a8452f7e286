using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Tests.Configuration;

public sealed class TranscriptionOptionsTests
{
    [Fact]
    public void Nothing_set_means_no_provider_and_public_endpoints()
    {
        var options = TranscriptionOptions.FromVariables(_ => null);
        Assert.Equal("none", options.Provider);
        Assert.Equal(DeepgramSettings.DefaultUrl, options.Deepgram.Url);
        Assert.Equal(OpenAiSettings.DefaultUrl, options.OpenAi.Url);
        Assert.Equal(GoogleSpeechSettings.DefaultEndpoint, options.Google.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(290), options.Google.StreamRotation);
        Assert.Null(options.OpenAiCompatible.Url);
    }

    [Fact]
    public void Variables_fill_each_provider_and_override_endpoints()
    {
        var variables = new Dictionary<string, string>
        {
            ["STT_PROVIDER"] = " Deepgram ",
            ["STT_LANGUAGE"] = "fr",
            ["DEEPGRAM_API_KEY"] = "dg",
            ["DEEPGRAM_URL"] = "ws://127.0.0.1:9000/v1/listen",
            ["DEEPGRAM_MODEL"] = "nova-3",
            ["OPENAI_API_KEY"] = "sk",
            ["OPENAI_URL"] = "ws://127.0.0.1:9001/v1/realtime",
            ["OPENAI_COMPATIBLE_URL"] = "http://127.0.0.1:8000/v1/audio/transcriptions",
            ["OPENAI_COMPATIBLE_MODEL"] = "Systran/faster-whisper-small",
            ["GOOGLE_STT_ENDPOINT"] = "http://127.0.0.1:9002",
            ["GOOGLE_API_KEY"] = "g",
            ["POCKETSPHINX_MODEL_DIR"] = "/opt/model",
        };
        var options = TranscriptionOptions.FromVariables(name => variables.GetValueOrDefault(name));

        Assert.Equal("deepgram", options.Provider);
        Assert.Equal("fr", options.Language);
        Assert.Equal(new DeepgramSettings("dg", new Uri("ws://127.0.0.1:9000/v1/listen"), "nova-3"), options.Deepgram);
        Assert.Equal("sk", options.OpenAi.ApiKey);
        Assert.Equal("gpt-4o-transcribe", options.OpenAi.Model);
        Assert.Equal(new Uri("http://127.0.0.1:8000/v1/audio/transcriptions"), options.OpenAiCompatible.Url);
        Assert.Equal("Systran/faster-whisper-small", options.OpenAiCompatible.Model);
        Assert.Equal(new Uri("http://127.0.0.1:9002"), options.Google.Endpoint);
        Assert.Equal("g", options.Google.ApiKey);
        Assert.Equal("/opt/model", options.PocketSphinx.ModelDirectory);
    }

    [Theory]
    [InlineData("DEEPGRAM_URL")]
    [InlineData("OPENAI_URL")]
    [InlineData("OPENAI_COMPATIBLE_URL")]
    [InlineData("GOOGLE_STT_ENDPOINT")]
    public void A_relative_or_malformed_url_names_the_variable(string variable)
    {
        var error = Assert.Throws<TranscriptionConfigurationException>(() => TranscriptionOptions.FromVariables(name => name == variable ? "not a url" : null));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
