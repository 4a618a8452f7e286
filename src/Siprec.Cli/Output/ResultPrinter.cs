using System.Text.Encodings.Web;
using System.Text.Json;

namespace Siprec.Cli.Output;

/// <summary>Prints an answer either as the server's JSON, pretty-printed, or through a human view.</summary>
public sealed class ResultPrinter(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        // Ids such as "a+b" stay readable instead of becoming "a\u002Bb"; the output is a terminal, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Whether answers are printed as JSON.</summary>
    public bool Json { get; } = json;

    /// <summary>Where the answer goes.</summary>
    public TextWriter Writer { get; } = writer;

    /// <summary>Prints <paramref name="answer"/> as JSON when asked, else with <paramref name="human"/>.</summary>
    public void Print(JsonElement answer, Action<JsonElement, TextWriter> human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (Json)
        {
            Writer.WriteLine(JsonSerializer.Serialize(answer, Pretty));
        }
        else
        {
            human(answer, Writer);
        }
    }
}
