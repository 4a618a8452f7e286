var builder = WebApplication.CreateSlimBuilder(args);
var httpPort = Environment.GetEnvironmentVariable("HTTP_PORT") ?? "8080";
builder.WebHost.UseUrls($"http://0.0.0.0:{httpPort}");
var app = builder.Build();
app.MapGet("/health/live", () => Results.Json(new { status = "ok" }));
app.Run();
