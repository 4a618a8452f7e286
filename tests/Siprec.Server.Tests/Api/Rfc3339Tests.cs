using System.Text;
using System.Text.Json;
using Siprec.Server.Api;

namespace Siprec.Server.Tests.Api;

public sealed class Rfc3339Tests
{
    public static TheoryData<DateTimeOffset> Instants => new()
    {
        new DateTimeOffset(2023, 12, 1, 10, 30, 0, TimeSpan.Zero),
        new DateTimeOffset(2023, 12, 1, 10, 30, 59, 999, TimeSpan.Zero),
        new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)),
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero),
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void WriteGivesTheTextOfFormat(DateTimeOffset instant)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Rfc3339.Write(writer, JsonEncodedText.Encode("at"), instant);
            writer.WriteEndObject();
        }

        Assert.Equal("{\"at\":\"" + Rfc3339.Format(instant) + "\"}", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void FormatIsUtcToTheSecond() =>
        Assert.Equal("2024-03-01T04:59:59Z", Rfc3339.Format(new DateTimeOffset(2024, 2, 29, 23, 59, 59, 500, TimeSpan.FromHours(-5))));
}
