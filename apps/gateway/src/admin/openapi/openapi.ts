import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { BuildInfo } from '../health/build-info';

/** Serves the OpenAPI document at `/openapi.json` and a browsable UI at `/docs`. */
export function setupOpenApi(app: INestApplication, build: BuildInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Gatehouse gateway admin API')
    .setDescription(
      'Plugins and pipelines of the gateway (Ease Gateway v1 model), and health. Errors are {code, message, field?}.',
    )
    .setVersion(build.release)
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  return document;
}
