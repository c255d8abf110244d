// The Nest module. It is dynamic because the heavy dependencies (DataSource, throttle store,
// hasher) are opened by app.factory.ts before Nest starts and handed in as values.
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '@gatehouse/foundation';
import { UsersStore } from './database/users.store';
import { HealthController } from './health/health.controller';
import { LoginController } from './login/login.controller';
import { LoginService } from './login/login.service';
import type { PasswordHasher } from './password/password-hasher';
import type { LoginThrottle } from './throttle/login-throttle';
import { ADMIN_API_KEY, CLOCK, DATA_SOURCE, LOGGER, LOGIN_THROTTLE, PASSWORD_HASHER, SERVICE_VERSION } from './tokens';
import { AdminKeyGuard } from './users/admin-key.guard';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** Values the module is built from. */
export interface AuthModuleDeps {
  dataSource: DataSource;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  logger: Logger;
  clock: Clock;
  adminApiKey: string | null;
  version: string;
}

/** The auth service's root module. */
@Module({})
export class AuthModule {
  /** Builds the module around already-opened dependencies. */
  static forRoot(deps: AuthModuleDeps): DynamicModule {
    return {
      module: AuthModule,
      controllers: [LoginController, UsersController, HealthController],
      providers: [
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: PASSWORD_HASHER, useValue: deps.hasher },
        { provide: LOGIN_THROTTLE, useValue: deps.throttle },
        { provide: LOGGER, useValue: deps.logger },
        { provide: CLOCK, useValue: deps.clock },
        { provide: ADMIN_API_KEY, useValue: deps.adminApiKey },
        { provide: SERVICE_VERSION, useValue: deps.version },
        UsersStore,
        LoginService,
        UsersService,
        AdminKeyGuard,
      ],
    };
  }
}
